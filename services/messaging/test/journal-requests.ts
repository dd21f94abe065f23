import { fromBinary } from '@bufbuild/protobuf';
import { EVENTS, JournalNoteSchema, decodeEventPayload } from '@carebus/contracts';
import type { FieldSealer } from '@carebus/crypto';
import { readOffsetRanges, type OffsetRange } from '@carebus/messaging-kafka';
import type { Kafka } from '@carebus/kafka';

export interface JournalRecord {
  raw: Buffer;
  threadId: string;
  journalEntryId: string;
  clinicId: string;
  openNote: () => { title: string; body: string };
}

/** Every JournalEntryRequested on the (test's own) journal topic, decoded; the note opens on demand. */
export async function journalRequests(
  kafka: Kafka,
  topic: string,
  sealer: FieldSealer,
): Promise<JournalRecord[]> {
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
  const out: JournalRecord[] = [];
  await readOffsetRanges(kafka, ranges, (_t, _p, message) => {
    const raw = message.value ?? Buffer.alloc(0);
    const p = decodeEventPayload(EVENTS.journalEntryRequested, raw);
    out.push({
      raw,
      threadId: p.threadId,
      journalEntryId: p.journalEntryId,
      clinicId: p.clinicId,
      openNote: () => {
        const sealed = p.sealedNote!;
        const clear = sealer.open(
          sealed,
          `${EVENTS.journalEntryRequested.topic}|${p.clinicId}|${p.journalEntryId}`,
        );
        const note = fromBinary(JournalNoteSchema, clear);
        return { title: note.title, body: note.body };
      },
    });
    return 'more';
  });
  return out;
}
