import { join } from 'node:path';
import { describeGrpcFuzz, freePort, fuzzSettings, startTestService } from '@carebus/testing';
import { messagingFuzzWorld } from '../test/fuzz-world';
import { MESSAGING_UNDER_TEST } from '../test/messaging-under-test';
import { PORTAL_PARTNER_PROTO, PROTO_ROOT } from './portal/portal-grpc-transport';

describeGrpcFuzz({
  protoFile: join(PROTO_ROOT, PORTAL_PARTNER_PROTO),
  includeDirs: [PROTO_ROOT],
  service: 'carebus.messaging.v1.PortalPartnerService',
  start: async () => {
    const port = await freePort();
    const svc = await startTestService(MESSAGING_UNDER_TEST, {
      LOG_LEVEL: fuzzSettings().logLevel,
      GRPC_PORT: String(port),
    });
    return { svc, address: `127.0.0.1:${port}`, seedWorld: () => messagingFuzzWorld(svc) };
  },
});
