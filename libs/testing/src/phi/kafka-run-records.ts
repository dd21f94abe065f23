import type { IHeaders, Kafka } from '@carebus/kafka';
import { TOPICS } from '@carebus/contracts';
import { readOffsetRanges, type OffsetRange } from '@carebus/messaging-kafka';

/** One Kafka record written during a run. */
export interface RunRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

/**
 * Every record a run put on Kafka: the records added to the catalogued (shared) topics since
 * `open`, and every record of the run's own topics (a consumed topic and its retry and
 * dead-letter topics, which start with the consumed topic's name). Shared topics also carry other
 * tests' records; those hold no canary of this run, so reading them does no harm.
 */
export class KafkaRunRecords {
  private constructor(
    private readonly kafka: Kafka,
    private readonly sharedFrom: ReadonlyMap<string, bigint>,
  ) {}

  static async open(kafka: Kafka): Promise<KafkaRunRecords> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const from = new Map<string, bigint>();
      for (const topic of Object.values(TOPICS).filter((t) => existing.has(t))) {
        for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
          from.set(`${topic}|${partition}`, BigInt(high));
        }
      }
      return new KafkaRunRecords(kafka, from);
    } finally {
      await admin.disconnect();
    }
  }

  /** Reads the records; `runTopics` are the names the run's own topics start with. */
  async read(runTopics: readonly string[]): Promise<RunRecord[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    const ranges: OffsetRange[] = [];
    try {
      const topics = (await admin.listTopics()).filter(
        (t) =>
          (Object.values(TOPICS) as string[]).includes(t) ||
          runTopics.some((run) => t === run || t.startsWith(`${run}.`)),
      );
      for (const topic of topics) {
        for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
          // A shared topic created during the run (absent at `open`) is read from its start.
          const from = this.sharedFrom.get(`${topic}|${partition}`) ?? BigInt(low);
          ranges.push({ topic, partition, from, to: BigInt(high) });
        }
      }
    } finally {
      await admin.disconnect();
    }
    const records: RunRecord[] = [];
    await readOffsetRanges(this.kafka, ranges, (topic, partition, message) => {
      records.push({
        topic,
        partition,
        offset: message.offset,
        key: message.key,
        value: message.value,
        headers: message.headers ?? {},
      });
      return 'more';
    });
    return records;
  }
}
