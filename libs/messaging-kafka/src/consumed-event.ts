import { decodeEventPayload, type EventDefinition, type EventEnvelope } from '@carebus/contracts';
import type { Transaction, Tx } from '@carebus/persistence';

/** A decoded protobuf message, whatever its type. */
export type EventPayload = ReturnType<typeof decodeEventPayload>;

/** The payload type of one catalogued event definition. */
export type PayloadOf<D> =
  D extends EventDefinition<infer Desc> ? ReturnType<typeof decodeEventPayload<Desc>> : never;

/** One event as a handler receives it: envelope and payload already decoded and validated. */
export interface ConsumedEvent<P extends EventPayload = EventPayload> {
  envelope: EventEnvelope;
  payload: P;
  key: string | null;
  /** The topic the event was read from: the source topic, or one of the group's retry topics. */
  topic: string;
  partition: number;
  offset: string;
  /** The record's Kafka timestamp (the producer's send time unless the topic uses log-append time). */
  timestamp: Date;
  /** 1 on first delivery, n+1 when read from retry topic n. */
  attempt: number;
}

/**
 * A handler applies the event's effects through `tx`, inside the runner's transaction, which acts
 * for the event's clinic (its validated `clinicid` header; a payload naming another clinic never
 * gets here): row-level security and `tx.clinicId` scope every statement to it. It answers
 * `STALE_EVENT` when it acknowledged the event without applying it because it already holds a
 * newer version of the event's aggregate; the runner counts it after the commit.
 */
export type EventHandlerFn = (event: ConsumedEvent, tx: Tx) => Promise<HandlerResult>;

/**
 * What a handler answers: nothing when it applied the event, `STALE_EVENT` when it acknowledged an
 * event older than (or as old as) the aggregate version it holds, without applying it.
 */
export type HandlerResult = void | typeof STALE_EVENT;

/** A handler's answer for an event an aggregate version check found stale; see HandlerResult. */
export const STALE_EVENT = 'stale';

/**
 * A batch handler applies the effects of several events of one partition, in partition order,
 * through `tx`, inside the runner's transaction: one statement for many events is what makes a
 * high-volume consumer cheap. The events given are new to the inbox (duplicates already removed).
 * They may belong to several clinics, so `tx` has no tenant: switch with `tx.forTenant(clinicId)`.
 */
export type EventBatchHandlerFn = (events: ConsumedEvent[], tx: Transaction) => Promise<void>;

/** Narrows an event to one catalogued type, so its payload is typed. */
export function isEventOf<D extends EventDefinition>(
  event: ConsumedEvent,
  definition: D,
): event is ConsumedEvent<PayloadOf<D>> {
  return event.envelope.type === definition.type;
}
