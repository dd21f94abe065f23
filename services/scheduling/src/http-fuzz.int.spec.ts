import { describeHttpFuzz, fuzzSettings, startTestService } from '@carebus/testing';
import { schedulingFuzzWorld } from '../test/fuzz-world';
import { SCHEDULING_UNDER_TEST } from '../test/scheduling-test-service';

describeHttpFuzz('scheduling', async () => {
  const svc = await startTestService(SCHEDULING_UNDER_TEST, {
    EHR_IMPORT_ENABLED: 'false',
    LOG_LEVEL: fuzzSettings().logLevel,
  });
  return { svc, seedWorld: () => schedulingFuzzWorld(svc) };
});
