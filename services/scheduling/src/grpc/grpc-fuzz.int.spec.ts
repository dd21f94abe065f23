import { join } from 'node:path';
import { describeGrpcFuzz, fuzzSettings } from '@carebus/testing';
import { startSchedulingWith } from '../../test/booking-fixture';
import { schedulingFuzzWorld } from '../../test/fuzz-world';
import { PROTO_ROOT } from './grpc-transport';

describeGrpcFuzz({
  protoFile: join(PROTO_ROOT, 'carebus/scheduling/v1/scheduling_service.proto'),
  includeDirs: [PROTO_ROOT],
  service: 'carebus.scheduling.v1.SchedulingService',
  start: async () => {
    const svc = await startSchedulingWith({}, { LOG_LEVEL: fuzzSettings().logLevel });
    return { svc, address: svc.grpcAddress, seedWorld: () => schedulingFuzzWorld(svc) };
  },
});
