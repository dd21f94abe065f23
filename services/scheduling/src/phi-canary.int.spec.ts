import { describePhiCanary } from '@carebus/testing';
import { schedulingCanaryJourney } from '../test/phi-canary-journey';
import { SCHEDULING_UNDER_TEST } from '../test/scheduling-test-service';

// Runs the built service (`npm run build` first) with its gRPC server and EHR import consumer.
describePhiCanary({ service: SCHEDULING_UNDER_TEST, journey: schedulingCanaryJourney });
