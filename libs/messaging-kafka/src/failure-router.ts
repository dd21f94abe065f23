import type { KafkaMessage, Producer } from '@carebus/kafka';
import { isRetryable } from '@carebus/errors';
import { summarizeError } from './error-summary';
import { readOriginalLocation, withoutCarebusHeaders, writeFailureHeaders } from './failure-headers';
import type { NextHop, RetryTopology } from './retry-topology';

export interface FailedDelivery {
  topic: string;
  partition: number;
  attempt: number;
}

/**
 * Moves a message whose handling failed to the next retry topic or to the dead-letter topic:
 * same key, value and event headers, plus fresh `carebus-*` failure headers. Resolves only once
 * the broker has acknowledged the copy (acks = all), so the source offset may then move on.
 */
export class FailureRouter {
  constructor(
    private readonly producer: Producer,
    private readonly topology: RetryTopology,
    private readonly now: () => number = Date.now,
  ) {}

  async route(message: KafkaMessage, from: FailedDelivery, error: unknown): Promise<NextHop> {
    const retryable = isRetryable(error);
    const hop = this.topology.afterFailure(from.attempt, retryable);
    const { code, message: errorMessage } = summarizeError(error);
    const original = (from.attempt > 1 ? readOriginalLocation(message.headers) : undefined) ?? {
      topic: from.topic,
      partition: from.partition,
      offset: message.offset,
    };
    const failedAt = this.now();
    const failure = writeFailureHeaders({
      errorCode: code,
      errorMessage,
      retryable,
      originalTopic: original.topic,
      originalPartition: original.partition,
      originalOffset: original.offset,
      attempt: hop.attempt,
      group: this.topology.group,
      failedAt: new Date(failedAt),
      ...(hop.kind === 'retry' ? { notBefore: new Date(failedAt + hop.delayMs) } : {}),
    });
    await this.producer.send({
      topic: hop.topic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: { ...withoutCarebusHeaders(message.headers), ...failure },
        },
      ],
    });
    return hop;
  }
}
