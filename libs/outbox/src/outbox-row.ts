import type { IHeaders, Message } from 'kafkajs';

/** An outbox row as the relay reads it. */
export interface OutboxRow {
  seq: string;
  aggregate_id: string;
  topic: string;
  payload: Buffer;
  headers: Record<string, string>;
}

/** Kafka message of a row: keyed by aggregate id, CloudEvents headers as stored at commit time. */
export function toKafkaMessage(row: OutboxRow): Message {
  return { key: row.aggregate_id, value: row.payload, headers: row.headers as IHeaders };
}

/** Groups rows by topic, keeping seq order inside each topic (and so inside each key). */
export function byTopic(rows: OutboxRow[]): { topic: string; messages: Message[] }[] {
  const topics = new Map<string, Message[]>();
  for (const row of rows) {
    const list = topics.get(row.topic) ?? [];
    list.push(toKafkaMessage(row));
    topics.set(row.topic, list);
  }
  return [...topics].map(([topic, messages]) => ({ topic, messages }));
}
