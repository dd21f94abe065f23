import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from '@carebus/kafka';

/** Offsets `[from, to)` of one topic-partition; `to` is usually the high watermark at start. */
export interface OffsetRange {
  topic: string;
  partition: number;
  from: bigint;
  to: bigint;
}

/** Return 'done' to stop reading this range early (e.g. a per-partition limit is reached). */
export type RangeVisitor = (topic: string, partition: number, message: KafkaMessage) => 'more' | 'done';

/**
 * Reads fixed offset ranges with a throwaway consumer group (kafkajs has no assign-only consumer)
 * that never commits. Terminates when every range reaches its end, not when the topic goes quiet,
 * and fails after `timeoutMs` rather than hang on a range that cannot be completed.
 */
export async function readOffsetRanges(
  kafka: Kafka,
  ranges: OffsetRange[],
  visit: RangeVisitor,
  timeoutMs = 30_000,
): Promise<void> {
  const pending = new Map(ranges.filter((r) => r.from < r.to).map((r) => [`${r.topic}|${r.partition}`, r]));
  if (pending.size === 0) return;
  const groupId = `carebus-range-reader-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250, allowAutoTopicCreation: false });
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const complete = (key: string) => {
    pending.delete(key);
    if (pending.size === 0) finish();
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...new Set(ranges.map((r) => r.topic))], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, isStale }) => {
        const key = `${batch.topic}|${batch.partition}`;
        const range = pending.get(key);
        if (!range || isStale()) return;
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          if (offset < range.from) continue;
          if (offset >= range.to || visit(batch.topic, batch.partition, message) === 'done')
            return complete(key);
        }
        // lastOffset covers records kafkajs filtered out (control records), so the end is seen.
        if (BigInt(batch.lastOffset()) >= range.to - 1n) complete(key);
      },
    });
    for (const range of pending.values()) {
      consumer.seek({ topic: range.topic, partition: range.partition, offset: String(range.from) });
    }
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`reading ${[...pending.keys()].join(', ')} timed out`)),
        timeoutMs,
      );
    });
    await Promise.race([finished, timeout]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
    await forgetGroup(kafka, groupId);
  }
}

// The group never committed anything; deleting it keeps `kafka-consumer-groups --list` readable.
async function forgetGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch {
    // best effort: an empty group without offsets expires on its own
  } finally {
    await admin.disconnect();
  }
}
