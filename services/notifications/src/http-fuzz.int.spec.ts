import { describeHttpFuzz, fuzzSettings } from '@carebus/testing';
import { notificationsFuzzWorld } from '../test/fuzz-world';
import { startHarness } from '../test/notifications-harness';

describeHttpFuzz('notifications', async () => {
  const h = await startHarness({ env: { LOG_LEVEL: fuzzSettings().logLevel } });
  return { svc: { ...h.svc, close: () => h.close() }, seedWorld: () => notificationsFuzzWorld(h) };
});
