import { describePhiCanary, newTopicSuffix } from '@carebus/testing';
import { attachmentsCanaryJourney } from '../../test/attachments-canary-journey';
import { MESSAGING_UNDER_TEST } from '../../test/messaging-under-test';

// Runs the built service (`npm run build` first). Attachments put no patient data on Kafka: the
// run's audit access events (ids only) must show none of the file names or contents.
describePhiCanary({
  service: MESSAGING_UNDER_TEST,
  parts: async () => ({
    env: { AUDIT_PATIENT_ACCESS_TOPIC: `test.${newTopicSuffix()}.audit.patient_access.v1` },
  }),
  journey: attachmentsCanaryJourney,
  patientDataOnKafka: false,
});
