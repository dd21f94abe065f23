import type { KafkaMessage } from '@carebus/kafka';
import { FAILURE_HEADERS } from '../failure-headers';
import { headersAsText } from '../header-values';

/**
 * A dead-lettered event as operators see it: where it came from, why it failed, its headers and
 * sizes. The payload is never decoded here (it may hold patient data); `show` adds it as base64.
 */
export interface DeadLetter {
  dlqTopic: string;
  partition: number;
  offset: string;
  /** When the record was written to the DLQ (its Kafka timestamp), ISO 8601. */
  deadLetteredAt: string;
  key: string | null;
  originalTopic?: string;
  originalPartition?: number;
  originalOffset?: string;
  group?: string;
  /** Handler failures so far; 1 for records that could not be decoded at all. */
  attempt?: number;
  errorCode?: string;
  errorMessage?: string;
  retryable?: boolean;
  eventId?: string;
  eventType?: string;
  clinicId?: string;
  headers: Record<string, string>;
  payloadBytes: number;
}

export interface DeadLetterDetail extends DeadLetter {
  payloadBase64: string;
}

/** A record read from a DLQ topic, as kafkajs returned it. */
export interface DeadLetterRecord {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

export function toDeadLetter({ topic, partition, message }: DeadLetterRecord): DeadLetter {
  const headers = headersAsText(message.headers);
  const letter: DeadLetter = {
    dlqTopic: topic,
    partition,
    offset: message.offset,
    deadLetteredAt: new Date(Number(message.timestamp)).toISOString(),
    key: message.key ? message.key.toString('utf8') : null,
    headers,
    payloadBytes: message.value?.length ?? 0,
  };
  const text = (name: string) => headers[name];
  const number = (name: string) => (headers[name] === undefined ? undefined : Number(headers[name]));
  assignDefined(letter, {
    originalTopic: text(FAILURE_HEADERS.originalTopic),
    originalPartition: number(FAILURE_HEADERS.originalPartition),
    originalOffset: text(FAILURE_HEADERS.originalOffset),
    group: text(FAILURE_HEADERS.group),
    attempt: number(FAILURE_HEADERS.attempt),
    errorCode: text(FAILURE_HEADERS.errorCode),
    errorMessage: text(FAILURE_HEADERS.errorMessage),
    retryable:
      headers[FAILURE_HEADERS.retryable] === undefined
        ? undefined
        : headers[FAILURE_HEADERS.retryable] === 'true',
    eventId: text('ce_id'),
    eventType: text('ce_type'),
    clinicId: text('clinicid'),
  });
  return letter;
}

// Absent headers stay absent in the JSON instead of showing up as null.
function assignDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined) (target as Record<string, unknown>)[name] = value;
  }
}

export function toDeadLetterDetail(record: DeadLetterRecord): DeadLetterDetail {
  return { ...toDeadLetter(record), payloadBase64: record.message.value?.toString('base64') ?? '' };
}
