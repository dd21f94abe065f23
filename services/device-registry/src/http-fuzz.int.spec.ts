import { describeHttpFuzz, fuzzSettings, startTestService } from '@carebus/testing';
import { DEVICE_REGISTRY_UNDER_TEST } from '../test/device-registry-under-test';
import { closeFuzzAgents, deviceRegistryFuzzWorld } from '../test/fuzz-world';

describeHttpFuzz('device-registry', async () => {
  const svc = await startTestService(DEVICE_REGISTRY_UNDER_TEST, { LOG_LEVEL: fuzzSettings().logLevel });
  return { svc, seedWorld: () => deviceRegistryFuzzWorld(svc) };
});

afterAll(closeFuzzAgents);
