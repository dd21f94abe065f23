import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { EVENTS } from '@carebus/contracts';
import { outboxEventOf, type OutboxEvent } from '@carebus/outbox';
import type { ConnectionStyle } from './connection';

/** What an alert names: ids, the style and our error code; never credentials nor the EHR's text. */
export interface ConnectionAlert {
  connectionId: string;
  clinicId: string;
  style: ConnectionStyle;
  errorCode: string;
  at: Date;
}

const target = (topic: string, a: ConnectionAlert) => ({
  topic,
  aggregateId: a.connectionId,
  clinicId: a.clinicId,
  time: a.at,
});

/** CredentialsRejected on ehrsync.alert.v1: notifications e-mails the clinical administrator. */
export function credentialsRejectedEvent(topic: string, a: ConnectionAlert): OutboxEvent {
  return outboxEventOf(EVENTS.credentialsRejected, target(topic, a), {
    connectionId: a.connectionId,
    clinicId: a.clinicId,
    ehrSystem: a.style,
    rejectedAt: timestampFromDate(a.at),
    errorCode: a.errorCode,
    errorMessage: 'The EHR rejected the credentials.',
  });
}

/** ConnectionDeauthorized on ehrsync.alert.v1: notifications e-mails the clinical administrator. */
export function connectionDeauthorizedEvent(topic: string, a: ConnectionAlert): OutboxEvent {
  return outboxEventOf(EVENTS.connectionDeauthorized, target(topic, a), {
    connectionId: a.connectionId,
    clinicId: a.clinicId,
    ehrSystem: a.style,
    detectedAt: timestampFromDate(a.at),
    errorCode: a.errorCode,
  });
}
