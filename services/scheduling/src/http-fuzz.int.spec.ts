import { describeHttpFuzz, fuzzSettings, startTestService } from '@carebus/testing';
import { schedulingFuzzWorld } from '../test/fuzz-world';
import { SCHEDULING_UNDER_TEST } from '../test/scheduling-test-service';

describeHttpFuzz('scheduling', async () => {
  // Every documented operation is served, the EHR import's conflict list included (its consumer
  // takes its own topic and group from isolatedEnv).
  const svc = await startTestService(SCHEDULING_UNDER_TEST, { LOG_LEVEL: fuzzSettings().logLevel });
  return { svc, seedWorld: () => schedulingFuzzWorld(svc) };
});
