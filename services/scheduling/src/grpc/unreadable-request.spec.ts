import { join } from 'node:path';
import { loadSync, type MethodDefinition } from '@grpc/proto-loader';
import { PROTO_ROOT } from './grpc-transport';
import { isUnreadableRequest, tolerateUnreadableRequests } from './unreadable-request';

describe('tolerateUnreadableRequests', () => {
  const definition = tolerateUnreadableRequests(
    loadSync(join(PROTO_ROOT, 'carebus/scheduling/v1/scheduling_service.proto'), {
      includeDirs: [PROTO_ROOT],
    }),
  );
  const book = (
    definition['carebus.scheduling.v1.SchedulingService'] as Record<string, MethodDefinition<object, object>>
  ).BookAppointment!;

  it('decodes a request that is its message as before', () => {
    const request = book.requestDeserialize(book.requestSerialize({ calendarId: 'c1' }));
    expect(request).toMatchObject({ calendarId: 'c1' });
    expect(isUnreadableRequest(request)).toBe(false);
  });

  it('decodes bytes that are not the message (a start_time length running past the end) to the unreadable marker', () => {
    expect(isUnreadableRequest(book.requestDeserialize(Buffer.from([0x22, 0x7f, 0x61])))).toBe(true);
  });
});
