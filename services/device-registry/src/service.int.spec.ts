import { describeServiceConformance } from '@carebus/testing';
import { DEVICE_REGISTRY_UNDER_TEST } from '../test/device-registry-under-test';

describeServiceConformance(DEVICE_REGISTRY_UNDER_TEST);
