import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { encodeEventPayload, EVENTS } from '@carebus/contracts';
import type { OutboxEvent } from '@carebus/outbox';
import type { ConnectionStyle } from './connection';

/** What an alert names: ids, the style and our error code; never credentials nor the EHR's text. */
export interface ConnectionAlert {
  connectionId: string;
  clinicId: string;
  style: ConnectionStyle;
  errorCode: string;
  at: Date;
}

/** CredentialsRejected on ehrsync.alert.v1: notifications e-mails the clinical administrator. */
export function credentialsRejectedEvent(topic: string, a: ConnectionAlert): OutboxEvent {
  const definition = EVENTS.credentialsRejected;
  return {
    type: definition.type,
    topic,
    aggregateType: definition.aggregateType,
    aggregateId: a.connectionId,
    clinicId: a.clinicId,
    payload: encodeEventPayload(definition, {
      connectionId: a.connectionId,
      clinicId: a.clinicId,
      ehrSystem: a.style,
      rejectedAt: timestampFromDate(a.at),
      errorCode: a.errorCode,
      errorMessage: 'The EHR rejected the credentials.',
    }),
    time: a.at,
  };
}

/** ConnectionDeauthorized on ehrsync.alert.v1: notifications e-mails the clinical administrator. */
export function connectionDeauthorizedEvent(topic: string, a: ConnectionAlert): OutboxEvent {
  const definition = EVENTS.connectionDeauthorized;
  return {
    type: definition.type,
    topic,
    aggregateType: definition.aggregateType,
    aggregateId: a.connectionId,
    clinicId: a.clinicId,
    payload: encodeEventPayload(definition, {
      connectionId: a.connectionId,
      clinicId: a.clinicId,
      ehrSystem: a.style,
      detectedAt: timestampFromDate(a.at),
      errorCode: a.errorCode,
    }),
    time: a.at,
  };
}
