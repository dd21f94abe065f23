import { describeServiceConformance } from '@carebus/testing';
import { EHR_SYNC_UNDER_TEST } from '../test/ehr-sync-under-test';

describeServiceConformance(EHR_SYNC_UNDER_TEST);
