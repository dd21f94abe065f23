import { describeServiceConformance } from '@carebus/testing';
import { SCHEDULING_UNDER_TEST } from '../test/scheduling-test-service';

// Its own gRPC port, EHR import topic and group: it passes while `npm start` runs.
describeServiceConformance(SCHEDULING_UNDER_TEST);
