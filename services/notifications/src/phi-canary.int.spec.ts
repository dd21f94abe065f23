import { describePhiCanary } from '@carebus/testing';
import { notificationsCanaryJourney, startNotificationSinks } from '../test/phi-canary-journey';
import { NOTIFICATIONS_UNDER_TEST } from '../test/notifications-under-test';

// Runs the built service (`npm run build` first), sending to an in-test mail and webhook sink.
describePhiCanary({
  service: NOTIFICATIONS_UNDER_TEST,
  parts: startNotificationSinks,
  journey: notificationsCanaryJourney,
});
