import { describePhiCanary } from '@carebus/testing';
import { ehrSyncCanaryJourney } from '../test/phi-canary-journey';
import { EHR_SYNC_UNDER_TEST } from '../test/ehr-sync-under-test';

// Runs the built service (`npm run build` first). Its events carry no patient data: none may show on Kafka.
describePhiCanary({ service: EHR_SYNC_UNDER_TEST, journey: ehrSyncCanaryJourney, patientDataOnKafka: false });
