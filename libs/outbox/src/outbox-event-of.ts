import type { DescMessage, MessageInitShape } from '@bufbuild/protobuf';
import { encodeEventPayload, type EventDefinition } from '@carebus/contracts';
import type { OutboxEvent } from './outbox';

/** Where a catalogued event goes and what it is about. */
export interface OutboxEventTarget {
  /** Defaults to the definition's topic (tests and configured topics pass their own). */
  topic?: string;
  /** The Kafka key: the aggregate's id. */
  aggregateId: string;
  clinicId: string;
  /** The CloudEvents time; defaults to when the outbox row is written. */
  time?: Date;
}

/** The outbox row of a catalogued event: type, topic and aggregate from its definition, the payload encoded. */
export function outboxEventOf<Desc extends DescMessage>(
  definition: EventDefinition<Desc>,
  target: OutboxEventTarget,
  payload: MessageInitShape<Desc>,
): OutboxEvent {
  return {
    type: definition.type,
    topic: target.topic ?? definition.topic,
    aggregateType: definition.aggregateType,
    aggregateId: target.aggregateId,
    clinicId: target.clinicId,
    payload: encodeEventPayload(definition, payload),
    ...(target.time ? { time: target.time } : {}),
  };
}
