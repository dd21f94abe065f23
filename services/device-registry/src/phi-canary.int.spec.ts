import { describePhiCanary } from '@carebus/testing';
import { DEVICE_REGISTRY_UNDER_TEST } from '../test/device-registry-under-test';
import { deviceRegistryCanaryJourney } from '../test/phi-canary-journey';

// Runs the built service (`npm run build` first). Its events carry no patient data: none may show on Kafka.
describePhiCanary({
  service: DEVICE_REGISTRY_UNDER_TEST,
  journey: deviceRegistryCanaryJourney,
  patientDataOnKafka: false,
});
