import { describeHttpFuzz, fuzzSettings, startTestService } from '@carebus/testing';
import { EHR_SYNC_UNDER_TEST } from '../test/ehr-sync-under-test';
import { closeFuzzSimulator, ehrSyncFuzzWorld } from '../test/fuzz-world';

describeHttpFuzz('ehr-sync', async () => {
  const svc = await startTestService(EHR_SYNC_UNDER_TEST, { LOG_LEVEL: fuzzSettings().logLevel });
  return { svc, seedWorld: () => ehrSyncFuzzWorld(svc) };
});

afterAll(closeFuzzSimulator);
