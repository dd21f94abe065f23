import { randomUUID } from 'node:crypto';
import type { Message } from '@carebus/kafka';
import { encodeEnvelopeHeaders, encodeEventPayload, EVENTS } from '@carebus/contracts';

export interface SequencedMessageInit {
  aggregateId: string;
  sequence: number;
  clinicId: string;
  /** Event id (`ce_id`); a new UUID when omitted. */
  id?: string;
  traceparent?: string;
  paddingBytes?: number;
}

/** A well-formed `carebus.testing.sequenced.v1` record, keyed by its aggregate, as the relay writes it. */
export function sequencedMessage(init: SequencedMessageInit): Message {
  const headers = encodeEnvelopeHeaders({
    id: init.id ?? randomUUID(),
    type: EVENTS.testSequenced.type,
    source: '/carebus/testing',
    time: new Date(),
    subject: `sequence/${init.aggregateId}`,
    clinicId: init.clinicId,
    dataContentType: 'application/protobuf',
    ...(init.traceparent ? { traceparent: init.traceparent } : {}),
  });
  const payload = encodeEventPayload(EVENTS.testSequenced, {
    aggregateId: init.aggregateId,
    sequence: BigInt(init.sequence),
    padding: new Uint8Array(init.paddingBytes ?? 0),
  });
  return { key: init.aggregateId, value: Buffer.from(payload), headers };
}
