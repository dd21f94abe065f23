import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { EVENTS, WriteBackParkedSchema } from '@carebus/contracts';
import type { ConsumedEvent } from '@carebus/messaging-kafka';
import { alertCommandOf } from './alert-command';

describe('staff alerts from ehrsync.alert.v1', () => {
  it('mails a parked write to the EHR as an EHR sync error with the parking reason, ids and codes only', () => {
    const parkedAt = new Date('2026-12-06T17:00:00Z');
    const payload = create(WriteBackParkedSchema, {
      writeId: 'w-1',
      connectionId: 'c-1',
      clinicId: 'k-1',
      ehrSystem: 'vendor',
      writeKind: 'create',
      subjectType: 'appointment',
      subjectId: 'a-1',
      errorCode: 'ehrsync.write_back_expired',
      lastErrorCode: 'ehrsync.ehr_unavailable',
      attempts: 12,
      parkedAt: timestampFromDate(parkedAt),
    });
    const event = {
      envelope: { id: 'e-1', type: EVENTS.writeBackParked.type },
      payload,
    } as unknown as ConsumedEvent;
    expect(alertCommandOf(event)).toEqual({
      kind: 'sync_error_alert',
      causeEventId: 'e-1',
      fallbackRecipientUserId: null,
      alert: { connectionId: 'c-1', outcome: 'WRITE_BACK_PARKED', errorCode: 'ehrsync.write_back_expired' },
      occurredAt: parkedAt,
    });
  });
});
