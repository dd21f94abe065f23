import { deadLetterTopic, retryTopic } from '@carebus/contracts';

/** Where a failed event goes next: a retry topic after a delay, or the dead-letter topic. */
export type NextHop =
  | { kind: 'retry'; topic: string; delayMs: number; attempt: number }
  | { kind: 'dead_letter'; topic: string; attempt: number };

/**
 * The topics one consumer group reads for one source topic: the source, `<topic>.<group>.retry.<n>`
 * for each delay, and `<topic>.<group>.dlq`. Attempt 1 is the source; retry topic n is attempt n+1.
 */
export class RetryTopology {
  readonly retryTopics: readonly string[];
  readonly deadLetterTopic: string;

  constructor(
    readonly topic: string,
    readonly group: string,
    readonly delaysMs: readonly number[],
  ) {
    for (const delay of delaysMs) {
      if (!Number.isFinite(delay) || delay < 0)
        throw new RangeError(`retry delays must be >= 0 ms, got ${delay}`);
    }
    this.retryTopics = delaysMs.map((_, i) => retryTopic(topic, group, i + 1));
    this.deadLetterTopic = deadLetterTopic(topic, group);
  }

  /** Every topic the runner subscribes to. */
  get consumedTopics(): string[] {
    return [this.topic, ...this.retryTopics];
  }

  /** Which attempt a message read from `consumedTopic` is: 1 on the source, n+1 on retry topic n. */
  attemptOn(consumedTopic: string): number {
    if (consumedTopic === this.topic) return 1;
    const index = this.retryTopics.indexOf(consumedTopic);
    if (index < 0) throw new Error(`${consumedTopic} is not a topic of ${this.topic}/${this.group}`);
    return index + 2;
  }

  /** After attempt `failedAttempt` failed: the next retry topic, or the DLQ once retries are spent. */
  afterFailure(failedAttempt: number, retryable: boolean): NextHop {
    const delayMs = this.delaysMs[failedAttempt - 1];
    if (!retryable || delayMs === undefined) {
      return { kind: 'dead_letter', topic: this.deadLetterTopic, attempt: failedAttempt };
    }
    return { kind: 'retry', topic: this.retryTopics[failedAttempt - 1]!, delayMs, attempt: failedAttempt };
  }
}
