import { EVENTS, decodeEventPayload, type DialogueMessagePosted } from '@carebus/contracts';
import { readOffsetRanges, type OffsetRange } from '@carebus/messaging-kafka';
import type { Kafka } from '@carebus/kafka';

export interface NoticeRecord {
  raw: Buffer;
  key: string;
  headers: Record<string, Buffer>;
  notice: DialogueMessagePosted;
}

/** Every DialogueMessagePosted on the (test's own) dialogue topic, decoded, with its raw bytes. */
export async function dialogueNotices(kafka: Kafka, topic: string): Promise<NoticeRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ranges: OffsetRange[] = [];
  try {
    if (!(await admin.listTopics()).includes(topic)) return [];
    for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
      ranges.push({ topic, partition, from: BigInt(low), to: BigInt(high) });
    }
  } finally {
    await admin.disconnect();
  }
  const out: NoticeRecord[] = [];
  await readOffsetRanges(kafka, ranges, (_t, _p, message) => {
    const raw = message.value ?? Buffer.alloc(0);
    const key = message.key?.toString() ?? '';
    const headers: Record<string, Buffer> = {};
    for (const [name, value] of Object.entries(message.headers ?? {})) {
      if (Buffer.isBuffer(value)) headers[name] = value;
    }
    out.push({ raw, key, headers, notice: decodeEventPayload(EVENTS.dialogueMessagePosted, raw) });
    return 'more';
  });
  return out;
}
