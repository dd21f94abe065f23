import { readOffsetRanges, type OffsetRange } from '@carebus/messaging-kafka';
import { testKafka } from '@carebus/testing';

/** One record of a topic: its key and its CloudEvents type. */
export interface TypedRecord {
  key: string;
  type: string;
  value: Buffer | null;
}

/** Every record now on `topic` (all partitions), with its key and `ce_type` header. */
export async function readTopic(topic: string): Promise<TypedRecord[]> {
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  const ranges: OffsetRange[] = [];
  try {
    if (!(await admin.listTopics()).includes(topic)) return [];
    for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
      ranges.push({ topic, partition, from: BigInt(low), to: BigInt(high) });
    }
  } finally {
    await admin.disconnect();
  }
  const records: TypedRecord[] = [];
  await readOffsetRanges(kafka, ranges, (_topic, _partition, message) => {
    records.push({
      key: message.key?.toString() ?? '',
      type: String(message.headers?.ce_type ?? ''),
      value: message.value,
    });
    return 'more';
  });
  return records;
}

/** How many records of each key carry `type`. */
export function countByKey(records: TypedRecord[], type: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of records)
    if (record.type === type) counts.set(record.key, (counts.get(record.key) ?? 0) + 1);
  return counts;
}
