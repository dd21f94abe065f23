import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { encodeEventPayload, EVENTS } from '@carebus/contracts';
import type { OutboxEvent } from '@carebus/outbox';
import type { ConnectionStyle } from '../connections/connection';
import type { WriteItem } from './write-item';

export interface ParkedWrite {
  item: WriteItem;
  style: ConnectionStyle;
  code: string;
  lastErrorCode: string | null;
  at: Date;
}

/** WriteBackParked on ehrsync.alert.v1: notifications e-mails the clinic's administrator. Ids and codes only. */
export function writeBackParkedEvent(topic: string, p: ParkedWrite): OutboxEvent {
  const definition = EVENTS.writeBackParked;
  return {
    type: definition.type,
    topic,
    aggregateType: definition.aggregateType,
    aggregateId: p.item.connectionId,
    clinicId: p.item.clinicId,
    payload: encodeEventPayload(definition, {
      writeId: p.item.id,
      connectionId: p.item.connectionId,
      clinicId: p.item.clinicId,
      ehrSystem: p.style,
      writeKind: p.item.kind,
      subjectType: p.item.subjectType,
      subjectId: p.item.subjectId,
      errorCode: p.code,
      lastErrorCode: p.lastErrorCode ?? '',
      attempts: p.item.attempts + 1,
      enqueuedAt: timestampFromDate(p.item.enqueuedAt),
      parkedAt: timestampFromDate(p.at),
    }),
    time: p.at,
  };
}
