import type { KafkaMessage } from '@carebus/kafka';
import {
  decodeEnvelopeHeaders,
  decodeEventPayload,
  payloadClinicId,
  PayloadDecodeError,
  type EventEnvelope,
} from '@carebus/contracts';
import type { ConsumedEvent } from './consumed-event';

export interface MessageOrigin {
  topic: string;
  partition: number;
  attempt: number;
}

/** The envelope alone, so events of types a consumer does not handle are skipped undecoded. */
export function decodeEnvelope(message: KafkaMessage): EventEnvelope {
  return decodeEnvelopeHeaders(message.headers ?? {});
}

/**
 * The handler's view of a record. Throws the contracts' EnvelopeError / PayloadDecodeError
 * (invalid, so dead-lettered at once): a record that does not decode now never will.
 */
export function decodeConsumedEvent(
  envelope: EventEnvelope,
  message: KafkaMessage,
  origin: MessageOrigin,
): ConsumedEvent {
  // A null value (tombstone) would otherwise decode as a message of all defaults.
  if (message.value === null) {
    throw new PayloadDecodeError('payload.invalid', envelope.type, 'The record has no value');
  }
  const payload = decodeEventPayload(envelope.type, message.value);
  // The handler's transaction acts for the header's clinic: a payload naming another is refused.
  const named = payloadClinicId(payload);
  if (named !== undefined && named.toLowerCase() !== envelope.clinicId.toLowerCase()) {
    throw new PayloadDecodeError(
      'payload.clinic_mismatch',
      envelope.type,
      'The payload names another clinic than the clinicid header',
    );
  }
  return {
    envelope,
    payload,
    key: message.key ? message.key.toString('utf8') : null,
    topic: origin.topic,
    partition: origin.partition,
    offset: message.offset,
    timestamp: new Date(Number(message.timestamp)),
    attempt: origin.attempt,
  };
}
