import { describePhiCanary } from '@carebus/testing';
import { ehrSyncCanaryJourney } from '../test/phi-canary-journey';
import { EHR_SYNC_UNDER_TEST } from '../test/ehr-sync-under-test';
import { writeBackCanaryJourney, writeBackCanaryParts } from '../test/write-back-canary';

// Runs the built service (`npm run build` first). Its own events carry no patient data: none may
// show on Kafka. The journey covers the key vault, connections, sync runs and the write-back's
// retry queue (a booking and a journal note through an outage and a 429).
describePhiCanary({
  service: EHR_SYNC_UNDER_TEST,
  parts: writeBackCanaryParts,
  journey: async (run, parts) => {
    await writeBackCanaryJourney(run, parts);
    await ehrSyncCanaryJourney(run);
  },
  patientDataOnKafka: false,
});
