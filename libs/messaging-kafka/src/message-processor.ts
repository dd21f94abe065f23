import type { KafkaMessage } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { EventEnvelope } from '@carebus/contracts';
import { Inbox } from '@carebus/outbox';
import type { ConsumedEvent, EventHandlerFn } from './consumed-event';
import type { ConsumerLogger } from './consumer-logger';
import type { ConsumerMetrics, EventOutcome } from './consumer-metrics';
import { summarizeError } from './error-summary';
import { decodeConsumedEvent, decodeEnvelope } from './event-decoding';
import type { FailureRouter } from './failure-router';
import { inHandlerSpan } from './handler-span';

export interface ProcessorParts {
  dataSource: DataSource;
  inboxSchema: string;
  group: string;
  /** Source topic; metrics and logs are labelled with it, whichever retry topic a message came from. */
  topic: string;
  handler: EventHandlerFn;
  eventTypes?: readonly string[];
  router: FailureRouter;
  metrics: ConsumerMetrics;
  logger: ConsumerLogger;
}

/** Marks an error as the handler's own, as opposed to the database failing around it. */
class HandlerFailure {
  constructor(readonly cause: unknown) {}
}

/**
 * One record, start to finish: decode, then inbox claim + handler in one transaction, or route the
 * failure onwards. Resolves when the outcome is durable (committed, or acknowledged by the broker),
 * so the caller may resolve the offset. Rejects only when the outcome could not be made durable
 * (database or broker unreachable): the record is then redelivered, never skipped.
 */
export class MessageProcessor {
  private readonly inbox: Inbox;
  private readonly eventTypes?: ReadonlySet<string>;

  constructor(private readonly parts: ProcessorParts) {
    this.inbox = new Inbox(parts.inboxSchema);
    if (parts.eventTypes) this.eventTypes = new Set(parts.eventTypes);
  }

  async process(
    topic: string,
    partition: number,
    message: KafkaMessage,
    attempt: number,
  ): Promise<EventOutcome> {
    const delivery = { topic, partition, attempt };
    let envelope: EventEnvelope | undefined;
    let event: ConsumedEvent;
    try {
      envelope = decodeEnvelope(message);
      if (this.eventTypes && !this.eventTypes.has(envelope.type)) return this.count('skipped');
      event = decodeConsumedEvent(envelope, message, delivery);
    } catch (error) {
      return this.fail(message, delivery, error, envelope);
    }
    const stopTimer = this.parts.metrics.handlerDuration.startTimer({
      topic: this.parts.topic,
      group: this.parts.group,
    });
    try {
      const outcome = await inHandlerSpan(
        envelope,
        `${this.parts.topic} process`,
        this.spanAttributes(event),
        () => this.apply(event),
      );
      return this.count(outcome);
    } catch (error) {
      if (error instanceof HandlerFailure) return this.fail(message, delivery, error.cause, event.envelope);
      throw error;
    } finally {
      stopTimer();
    }
  }

  private apply(event: ConsumedEvent): Promise<'applied' | 'duplicate'> {
    return this.parts.dataSource.transaction(async (manager) => {
      if (!(await this.inbox.claim(manager, this.parts.group, event.envelope.id))) return 'duplicate';
      try {
        await this.parts.handler(event, manager);
      } catch (error) {
        throw new HandlerFailure(error);
      }
      return 'applied';
    });
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
      error: summarizeError(error),
      next: hop.topic,
    });
    return this.count(outcome);
  }

  private count(outcome: EventOutcome): EventOutcome {
    this.parts.metrics.events.inc({ topic: this.parts.topic, group: this.parts.group, outcome });
    return outcome;
  }

  private spanAttributes(event: ConsumedEvent) {
    return {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': event.topic,
      'messaging.destination.partition.id': String(event.partition),
      'messaging.consumer.group.name': this.parts.group,
      'messaging.message.id': event.envelope.id,
      'messaging.kafka.offset': Number(event.offset),
      'cloudevents.event_type': event.envelope.type,
      'carebus.attempt': event.attempt,
    };
  }
}
