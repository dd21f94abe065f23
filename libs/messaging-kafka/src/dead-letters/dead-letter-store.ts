import { idempotentProducer, type Kafka, type Producer } from '@carebus/kafka';
import { retryTopic } from '@carebus/contracts';
import { FAILURE_HEADERS, REPLAYED_FROM_HEADER, withoutCarebusHeaders } from '../failure-headers';
import {
  toDeadLetter,
  toDeadLetterDetail,
  type DeadLetter,
  type DeadLetterDetail,
  type DeadLetterRecord,
} from './dead-letter';
import { mayViewDeadLetter } from './dead-letter-access';
import { DeadLetterNotFoundError, DeadLetterNotReplayableError } from './dead-letter-errors';
import {
  deadLetterTopicsMatching,
  isDeadLetterTopic,
  type DeadLetterTopicFilter,
} from './dead-letter-topics';
import { readOffsetRanges, type OffsetRange } from './topic-range-reader';

export interface DeadLetterQuery extends DeadLetterTopicFilter {
  /** Dead-lettered at or after. */
  since?: Date;
  /** Dead-lettered at or before. */
  until?: Date;
  /** Default 100. */
  limit?: number;
  /**
   * Only dead letters whose `clinicid` header names this clinic (lowercase UUID); applied before
   * `limit`, so a clinic gets its own oldest `limit`. Undefined: every clinic's and none.
   */
  clinicId?: string;
}

export interface ReplayResult {
  /** Where the event went back to: the failing group's first retry topic (or its source topic). */
  topic: string;
  partition: number;
  offset: string;
  eventId?: string;
}

export interface PurgeResult {
  dlqTopic: string;
  partition: number;
  /** Records before this offset are gone. */
  deletedBefore: string;
  deleted: number;
}

export const DEFAULT_DEAD_LETTER_LIMIT = 100;

/**
 * Operators' view of the `*.dlq` topics: list, inspect, replay and purge. Replay re-publishes the
 * event unchanged (same `ce_id`) to the failing group's first retry topic, so the group's inbox
 * skips it if it was applied meanwhile: replaying twice has the effect of replaying once.
 */
export class DeadLetterStore {
  private producer?: Promise<Producer>;

  constructor(
    private readonly kafka: Kafka,
    private readonly readTimeoutMs = 30_000,
  ) {}

  /** Oldest first, at most `limit`. */
  async list(query: DeadLetterQuery = {}): Promise<DeadLetter[]> {
    const limit = query.limit ?? DEFAULT_DEAD_LETTER_LIMIT;
    const ranges = await this.rangesFor(query);
    const found: DeadLetter[] = [];
    const perRange = new Map<string, number>();
    await readOffsetRanges(
      this.kafka,
      ranges,
      (topic, partition, message) => {
        const letter = toDeadLetter({ topic, partition, message });
        const at = Number(message.timestamp);
        if (query.until && at > query.until.getTime()) return 'done';
        if (query.since && at < query.since.getTime()) return 'more';
        if (query.topic && letter.originalTopic !== query.topic) return 'more';
        if (query.group && letter.group !== query.group) return 'more';
        if (query.clinicId !== undefined && !mayViewDeadLetter(query.clinicId, letter)) return 'more';
        found.push(letter);
        // Each partition is in time order, so the oldest `limit` overall are among its first `limit`.
        const key = `${topic}|${partition}`;
        const count = (perRange.get(key) ?? 0) + 1;
        perRange.set(key, count);
        return count >= limit ? 'done' : 'more';
      },
      this.readTimeoutMs,
    );
    return found
      .sort((a, b) => a.deadLetteredAt.localeCompare(b.deadLetteredAt) || compareLocation(a, b))
      .slice(0, limit);
  }

  async show(dlqTopic: string, partition: number, offset: string): Promise<DeadLetterDetail> {
    return toDeadLetterDetail(await this.read(dlqTopic, partition, offset));
  }

  /**
   * Sends the dead letter's key, value and event headers back to the group that failed on it, on
   * that group's first retry topic, due at once. Only that group reads it (the other groups of the
   * source topic applied the event long ago), and a service's Kafka principal may write its own
   * groups' retry topics but not another service's source topic. The original location travels
   * along, so a renewed failure dead-letters it under its first position again. A letter without
   * a group (written by an older runner) goes back to its source topic.
   */
  async replay(dlqTopic: string, partition: number, offset: string): Promise<ReplayResult> {
    const record = await this.read(dlqTopic, partition, offset);
    const letter = toDeadLetter(record);
    if (!letter.originalTopic) throw new DeadLetterNotReplayableError(dlqTopic, partition, offset);
    const target = letter.group ? retryTopic(letter.originalTopic, letter.group, 1) : letter.originalTopic;
    const original =
      letter.group && letter.originalPartition !== undefined && letter.originalOffset !== undefined
        ? {
            [FAILURE_HEADERS.originalTopic]: letter.originalTopic,
            [FAILURE_HEADERS.originalPartition]: String(letter.originalPartition),
            [FAILURE_HEADERS.originalOffset]: letter.originalOffset,
          }
        : {};
    const producer = await this.connectedProducer();
    const [written] = await producer.send({
      topic: target,
      acks: -1,
      messages: [
        {
          key: record.message.key,
          value: record.message.value,
          headers: {
            ...withoutCarebusHeaders(record.message.headers),
            ...original,
            [REPLAYED_FROM_HEADER]: `${dlqTopic}/${partition}/${offset}`,
          },
        },
      ],
    });
    return {
      topic: target,
      partition: written!.partition,
      offset: written!.baseOffset ?? '',
      ...(letter.eventId ? { eventId: letter.eventId } : {}),
    };
  }

  /**
   * Deletes dead letters written before `before` from the DLQs of `topic` (a source topic, or one
   * DLQ topic by name). Kafka deletes a prefix of each partition, so this is by time, not by record.
   */
  async purge({
    topic,
    group,
    before,
  }: {
    topic: string;
    group?: string;
    before: Date;
  }): Promise<PurgeResult[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const all = await admin.listTopics();
      const dlqs = isDeadLetterTopic(topic)
        ? all.filter((name) => name === topic)
        : deadLetterTopicsMatching(all, { topic, ...(group ? { group } : {}) });
      const results: PurgeResult[] = [];
      for (const dlqTopic of dlqs) {
        const cut = await admin.fetchTopicOffsetsByTimestamp(dlqTopic, before.getTime());
        const low = await admin.fetchTopicOffsets(dlqTopic);
        const partitions = cut
          .map(({ partition, offset }) => {
            const start = low.find((p) => p.partition === partition)?.low ?? '0';
            return { partition, offset, deleted: Number(BigInt(offset) - BigInt(start)) };
          })
          .filter((p) => p.deleted > 0);
        if (partitions.length === 0) continue;
        await admin.deleteTopicRecords({
          topic: dlqTopic,
          partitions: partitions.map(({ partition, offset }) => ({ partition, offset })),
        });
        for (const p of partitions) {
          results.push({ dlqTopic, partition: p.partition, deletedBefore: p.offset, deleted: p.deleted });
        }
      }
      return results;
    } finally {
      await admin.disconnect();
    }
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await (await producer)?.disconnect();
  }

  private async read(dlqTopic: string, partition: number, offset: string): Promise<DeadLetterRecord> {
    const notFound = new DeadLetterNotFoundError(dlqTopic, partition, offset);
    if (!isDeadLetterTopic(dlqTopic) || !/^\d+$/.test(offset)) throw notFound;
    const admin = this.kafka.admin();
    await admin.connect();
    let bounds: { low: string; high: string } | undefined;
    try {
      if (!(await admin.listTopics()).includes(dlqTopic)) throw notFound;
      bounds = (await admin.fetchTopicOffsets(dlqTopic)).find((p) => p.partition === partition);
    } finally {
      await admin.disconnect();
    }
    const at = BigInt(offset);
    if (!bounds || at < BigInt(bounds.low) || at >= BigInt(bounds.high)) throw notFound;
    let record: DeadLetterRecord | undefined;
    await readOffsetRanges(
      this.kafka,
      [{ topic: dlqTopic, partition, from: at, to: at + 1n }],
      (topic, p, message) => {
        if (message.offset === offset) record = { topic, partition: p, message };
        return 'done';
      },
      this.readTimeoutMs,
    );
    if (!record) throw notFound;
    return record;
  }

  private async rangesFor(query: DeadLetterQuery): Promise<OffsetRange[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const dlqs = deadLetterTopicsMatching(await admin.listTopics(), query);
      const ranges: OffsetRange[] = [];
      for (const topic of dlqs) {
        const bounds = await admin.fetchTopicOffsets(topic);
        const starts = query.since
          ? await admin.fetchTopicOffsetsByTimestamp(topic, query.since.getTime())
          : [];
        for (const { partition, low, high } of bounds) {
          const since = starts.find((s) => s.partition === partition)?.offset;
          const from = since !== undefined && BigInt(since) > BigInt(low) ? BigInt(since) : BigInt(low);
          ranges.push({ topic, partition, from, to: BigInt(high) });
        }
      }
      return ranges;
    } finally {
      await admin.disconnect();
    }
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = idempotentProducer(this.kafka);
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      this.producer = undefined; // let the next call try again
      throw error;
    });
    return this.producer;
  }
}

function compareLocation(a: DeadLetter, b: DeadLetter): number {
  return (
    a.dlqTopic.localeCompare(b.dlqTopic) ||
    a.partition - b.partition ||
    Number(BigInt(a.offset) - BigInt(b.offset))
  );
}
