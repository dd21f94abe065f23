import type { IHeaders, Message } from '@carebus/kafka';

/** A claimed outbox row, already in the shape the producer sends: keyed by aggregate id. */
export interface OutboxRow {
  topic: string;
  message: Message;
}

/** The claim's columns, in this order: aggregate_id, topic, payload (base64), headers (jsonb). */
export const CLAIMED_COLUMNS = `aggregate_id, topic, encode(payload, 'base64') AS payload, headers`;
export type ClaimedColumns = [aggregateId: string, topic: string, payloadBase64: string, headers: IHeaders];

/** Kafka message of a row: keyed by aggregate id, CloudEvents headers as stored at commit time. */
export function toOutboxRow([aggregateId, topic, payload, headers]: ClaimedColumns): OutboxRow {
  return { topic, message: { key: aggregateId, value: Buffer.from(payload, 'base64'), headers } };
}

/** Groups rows by topic, keeping seq order inside each topic (and so inside each key). */
export function byTopic(rows: OutboxRow[]): { topic: string; messages: Message[] }[] {
  const topics = new Map<string, Message[]>();
  for (const row of rows) {
    const list = topics.get(row.topic);
    if (list) list.push(row.message);
    else topics.set(row.topic, [row.message]);
  }
  return [...topics].map(([topic, messages]) => ({ topic, messages }));
}
