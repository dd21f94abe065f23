import type { KafkaMessage } from '@carebus/kafka';
import type { DataSource } from 'typeorm';
import type { EventEnvelope } from '@carebus/contracts';
import { describeError } from '@carebus/errors';
import { Inbox } from '@carebus/outbox';
import { withSystemTransaction, type ConstraintErrors, type Transaction } from '@carebus/persistence';
import { BatchEventFailure } from './batch-event-failure';
import {
  STALE_EVENT,
  type ConsumedEvent,
  type EventBatchHandlerFn,
  type EventHandlerFn,
} from './consumed-event';
import type { ConsumerLogger } from './consumer-logger';
import type { ConsumerMetrics, EventOutcome } from './consumer-metrics';
import { summarizeError } from './error-summary';
import { decodeConsumedEvent, decodeEnvelope } from './event-decoding';
import type { FailureRouter } from './failure-router';
import { inBatchSpan, inHandlerSpan } from './handler-span';

export interface ProcessorParts {
  dataSource: DataSource;
  constraintErrors?: ConstraintErrors;
  inboxSchema: string;
  group: string;
  /** Source topic; metrics and logs are labelled with it, whichever retry topic a message came from. */
  topic: string;
  handler?: EventHandlerFn;
  batchHandler?: EventBatchHandlerFn;
  eventTypes?: readonly string[];
  router: FailureRouter;
  metrics: ConsumerMetrics;
  logger: ConsumerLogger;
}

/** Marks an error as the handler's own, as opposed to the database failing around it. */
class HandlerFailure {
  constructor(
    readonly cause: unknown,
    /** Position of the failing record in its run; undefined when a batch handler did not say. */
    readonly at: number | undefined,
  ) {}
}

interface ChunkEvent {
  index: number;
  event: ConsumedEvent;
}

interface Failure {
  index: number;
  error: unknown;
  envelope?: EventEnvelope;
}

type Prepared =
  | { kind: 'skip' }
  | { kind: 'invalid'; error: unknown; envelope?: EventEnvelope }
  | { kind: 'event'; event: ConsumedEvent };

/**
 * A chunk of one partition's records: decode each, then apply them all in ONE transaction (one
 * inbox statement, then the handlers), and route the failures onwards after the commit. One
 * commit and one inbox round trip per chunk instead of per record is what lets a partition keep
 * up: the commit's fsync, not the handler, dominates a small effect. Resolves when every outcome is
 * durable (committed, or acknowledged by the broker), so the caller may resolve the offsets.
 * Rejects only when that could not be done (database or broker unreachable): the chunk is then
 * redelivered, never skipped, and the inbox absorbs whatever had been applied.
 */
export class MessageProcessor {
  private readonly inbox: Inbox;
  private readonly eventTypes?: ReadonlySet<string>;

  constructor(private readonly parts: ProcessorParts) {
    this.inbox = new Inbox(parts.inboxSchema);
    if (parts.eventTypes) this.eventTypes = new Set(parts.eventTypes);
  }

  async processChunk(
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    attempt: number,
  ): Promise<EventOutcome[]> {
    const delivery = { topic, partition, attempt };
    const prepared = messages.map((message) => this.prepare(message, delivery));
    const outcomes: EventOutcome[] = new Array(messages.length);
    const failures: Failure[] = [];
    const events = prepared.flatMap((p, index) => (p.kind === 'event' ? [{ index, event: p.event }] : []));
    await this.applyRun(events, outcomes, failures);
    for (const [index, item] of prepared.entries()) {
      if (item.kind === 'skip') outcomes[index] = 'skipped';
      if (item.kind === 'invalid') failures.push({ index, error: item.error, envelope: item.envelope });
    }
    failures.sort((a, b) => a.index - b.index);
    for (const failure of failures) {
      outcomes[failure.index] = await this.fail(
        messages[failure.index]!,
        delivery,
        failure.error,
        failure.envelope,
      );
    }
    for (const outcome of outcomes)
      if (outcome !== 'retried' && outcome !== 'dead_lettered') this.count(outcome);
    return outcomes;
  }

  /**
   * Applies a run of records in one transaction. When a handler fails, the transaction is rolled
   * back, that record becomes a failure, and the records before and after it are applied again as
   * two shorter runs (in order): each handler runs once per attempt unless a neighbour failed.
   * When a batch handler fails without naming the record, the run is split in halves, in order,
   * until the failing record is alone.
   */
  private async applyRun(events: ChunkEvent[], outcomes: EventOutcome[], failures: Failure[]): Promise<void> {
    if (events.length === 0) return;
    const failed = await this.applyInOneTransaction(events, outcomes);
    if (!failed) return;
    const { error } = failed;
    const at = failed.at ?? (events.length === 1 ? 0 : undefined);
    if (at === undefined) {
      const half = Math.ceil(events.length / 2);
      await this.applyRun(events.slice(0, half), outcomes, failures);
      await this.applyRun(events.slice(half), outcomes, failures);
      return;
    }
    failures.push({ index: events[at]!.index, error, envelope: events[at]!.event.envelope });
    await this.applyRun(events.slice(0, at), outcomes, failures);
    await this.applyRun(events.slice(at + 1), outcomes, failures);
  }

  /**
   * One inbox statement for the whole run, then the handlers on the same transaction. Returns the
   * position and error of the first failing handler (nothing was kept), or undefined when all
   * outcomes are committed. Stale events (see HandlerResult) are counted only then, so a run
   * applied again after a neighbour failed counts each once.
   */
  private async applyInOneTransaction(
    events: ChunkEvent[],
    outcomes: EventOutcome[],
  ): Promise<{ at: number | undefined; error: unknown } | undefined> {
    const results: ('applied' | 'duplicate' | 'stale')[] = [];
    try {
      await withSystemTransaction(this.parts.dataSource, this.parts.constraintErrors ?? {}, async (tx) => {
        const claimed = await this.inbox.claimMany(
          tx,
          this.parts.group,
          events.map((e) => e.event.envelope.id),
        );
        const fresh: number[] = [];
        for (const [at, { event }] of events.entries()) {
          // An id listed twice was claimed once: only its first occurrence is applied.
          const isNew = claimed.delete(event.envelope.id);
          results.push(isNew ? 'applied' : 'duplicate');
          if (isNew) fresh.push(at);
        }
        const { batchHandler } = this.parts;
        if (batchHandler) {
          const batch = fresh.map((at) => events[at]!.event);
          if (batch.length > 0) await this.runBatchHandler(batchHandler, batch, fresh, tx);
        } else {
          for (const at of fresh) {
            if ((await this.runHandler(events[at]!.event, tx, at)) === STALE_EVENT) results[at] = 'stale';
          }
        }
      });
    } catch (error) {
      if (error instanceof HandlerFailure) return { at: error.at, error: error.cause };
      throw error;
    }
    for (const [i, outcome] of results.entries()) {
      outcomes[events[i]!.index] = outcome;
      if (outcome === 'stale') {
        this.parts.metrics.staleEvents.inc({
          consumer: this.parts.group,
          event_type: events[i]!.event.envelope.type,
        });
      }
    }
    return undefined;
  }

  /** The handler runs acting for the event's clinic, in the run's transaction. */
  private runHandler(event: ConsumedEvent, tx: Transaction, at: number): ReturnType<EventHandlerFn> {
    return this.timed(() =>
      inHandlerSpan(event.envelope, `${this.parts.topic} process`, this.spanAttributes(event), async () => {
        try {
          return await this.parts.handler!(event, await tx.forTenant(event.envelope.clinicId));
        } catch (error) {
          throw new HandlerFailure(error, at);
        }
      }),
    );
  }

  /** `positions[i]` is the run position of `batch[i]`, to name the record a BatchEventFailure points at. */
  private runBatchHandler(
    batchHandler: EventBatchHandlerFn,
    batch: ConsumedEvent[],
    positions: number[],
    tx: Transaction,
  ): Promise<void> {
    const envelopes = batch.map((event) => event.envelope);
    return this.timed(() =>
      inBatchSpan(envelopes, `${this.parts.topic} process`, this.batchSpanAttributes(batch), async () => {
        try {
          await batchHandler(batch, tx);
        } catch (error) {
          if (error instanceof BatchEventFailure && positions[error.index] !== undefined) {
            throw new HandlerFailure(error.cause, positions[error.index]);
          }
          throw new HandlerFailure(error, batch.length === 1 ? positions[0] : undefined);
        }
      }),
    );
  }

  /** One handler call, timed into carebus_consumer_handler_duration_seconds whatever its outcome. */
  private async timed<T>(call: () => Promise<T>): Promise<T> {
    const stopTimer = this.parts.metrics.handlerDuration.startTimer({
      topic: this.parts.topic,
      group: this.parts.group,
    });
    try {
      return await call();
    } finally {
      stopTimer();
    }
  }

  private prepare(
    message: KafkaMessage,
    delivery: { topic: string; partition: number; attempt: number },
  ): Prepared {
    let envelope: EventEnvelope | undefined;
    try {
      envelope = decodeEnvelope(message);
      if (this.eventTypes && !this.eventTypes.has(envelope.type)) return { kind: 'skip' };
      return { kind: 'event', event: decodeConsumedEvent(envelope, message, delivery) };
    } catch (error) {
      return { kind: 'invalid', error, ...(envelope ? { envelope } : {}) };
    }
  }

  private async fail(
    message: KafkaMessage,
    delivery: { topic: string; partition: number; attempt: number },
    error: unknown,
    envelope: EventEnvelope | undefined,
  ): Promise<EventOutcome> {
    const hop = await this.parts.router.route(message, delivery, error);
    const labels = { topic: this.parts.topic, group: this.parts.group };
    const outcome: EventOutcome = hop.kind === 'retry' ? 'retried' : 'dead_lettered';
    (hop.kind === 'retry' ? this.parts.metrics.retries : this.parts.metrics.deadLetters).inc(labels);
    this.parts.logger.warn(hop.kind === 'retry' ? 'event failed, retrying later' : 'event dead-lettered', {
      topic: delivery.topic,
      partition: delivery.partition,
      offset: message.offset,
      group: this.parts.group,
      eventId: envelope?.id,
      eventType: envelope?.type,
      clinicId: envelope?.clinicId,
      attempt: delivery.attempt,
      // The code alerts key on, and the error as describeError allows: its message may quote the event.
      error: { code: summarizeError(error).code },
      err: describeError(error),
      next: hop.topic,
    });
    return this.count(outcome);
  }

  private count(outcome: EventOutcome): EventOutcome {
    this.parts.metrics.events.inc({ topic: this.parts.topic, group: this.parts.group, outcome });
    return outcome;
  }

  private batchSpanAttributes(batch: ConsumedEvent[]) {
    return {
      ...this.deliveryAttributes(batch[0]!),
      'messaging.batch.message_count': batch.length,
    };
  }

  private spanAttributes(event: ConsumedEvent) {
    return {
      ...this.deliveryAttributes(event),
      'messaging.message.id': event.envelope.id,
      'messaging.kafka.offset': Number(event.offset),
      'cloudevents.event_type': event.envelope.type,
    };
  }

  /** What a single event's span and a batch's span share: where the records were read. */
  private deliveryAttributes(event: ConsumedEvent) {
    return {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': event.topic,
      'messaging.destination.partition.id': String(event.partition),
      'messaging.consumer.group.name': this.parts.group,
      'carebus.attempt': event.attempt,
    };
  }
}
