import { describeHttpFuzz, fuzzSettings, startTestService } from '@carebus/testing';
import { messagingFuzzWorld } from '../test/fuzz-world';
import { MESSAGING_UNDER_TEST } from '../test/messaging-under-test';

describeHttpFuzz('messaging', async () => {
  const svc = await startTestService(MESSAGING_UNDER_TEST, { LOG_LEVEL: fuzzSettings().logLevel });
  return { svc, seedWorld: () => messagingFuzzWorld(svc) };
});
