import { describePhiCanary } from '@carebus/testing';
import { MESSAGING_UNDER_TEST } from '../test/messaging-under-test';
import { messagingCanaryJourney, startPortalParts } from '../test/phi-canary-journey';

// Runs the built service (`npm run build` first), delivering to an in-test portal simulator.
describePhiCanary({
  service: MESSAGING_UNDER_TEST,
  parts: startPortalParts,
  journey: messagingCanaryJourney,
});
