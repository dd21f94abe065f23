import { describeServiceConformance } from '@carebus/testing';
import { MESSAGING_UNDER_TEST } from '../test/messaging-under-test';

describeServiceConformance(MESSAGING_UNDER_TEST);
