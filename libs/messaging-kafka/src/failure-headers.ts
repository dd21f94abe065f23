import type { IHeaders } from '@carebus/kafka';
import { headerText } from './header-values';

/** Headers the runner adds to a message it moves to a retry or dead-letter topic. */
export const FAILURE_HEADERS = {
  errorCode: 'carebus-error-code',
  errorMessage: 'carebus-error-message',
  /** "false" when the error was non-retryable and the message skipped the retry topics. */
  retryable: 'carebus-error-retryable',
  originalTopic: 'carebus-original-topic',
  originalPartition: 'carebus-original-partition',
  originalOffset: 'carebus-original-offset',
  /** How many times the handler has failed on this event so far (1 = the first delivery). */
  attempt: 'carebus-attempt',
  group: 'carebus-group',
  failedAt: 'carebus-failed-at',
  /** Epoch ms before which a retry topic's consumer must not handle the message. */
  notBefore: 'carebus-not-before',
} as const;

/** Added by a dead-letter replay: `<dlq topic>/<partition>/<offset>`. */
export const REPLAYED_FROM_HEADER = 'carebus-replayed-from';

const CAREBUS_PREFIX = 'carebus-';

export interface FailureRecord {
  errorCode: string;
  errorMessage: string;
  retryable: boolean;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  attempt: number;
  group: string;
  failedAt: Date;
  notBefore?: Date;
}

export function writeFailureHeaders(record: FailureRecord): Record<string, string> {
  const headers: Record<string, string> = {
    [FAILURE_HEADERS.errorCode]: record.errorCode,
    [FAILURE_HEADERS.errorMessage]: record.errorMessage,
    [FAILURE_HEADERS.retryable]: String(record.retryable),
    [FAILURE_HEADERS.originalTopic]: record.originalTopic,
    [FAILURE_HEADERS.originalPartition]: String(record.originalPartition),
    [FAILURE_HEADERS.originalOffset]: record.originalOffset,
    [FAILURE_HEADERS.attempt]: String(record.attempt),
    [FAILURE_HEADERS.group]: record.group,
    [FAILURE_HEADERS.failedAt]: record.failedAt.toISOString(),
  };
  if (record.notBefore) headers[FAILURE_HEADERS.notBefore] = String(record.notBefore.getTime());
  return headers;
}

/** Where an event was first consumed from, as carried by a retry or dead-letter message. */
export interface OriginalLocation {
  topic: string;
  partition: number;
  offset: string;
}

export function readOriginalLocation(headers: IHeaders | undefined): OriginalLocation | undefined {
  const topic = headerText(headers, FAILURE_HEADERS.originalTopic);
  const partition = Number(headerText(headers, FAILURE_HEADERS.originalPartition));
  const offset = headerText(headers, FAILURE_HEADERS.originalOffset);
  if (!topic || !Number.isInteger(partition) || offset === undefined) return undefined;
  return { topic, partition, offset };
}

/** Epoch ms before which a retry message waits; 0 (due now) when the header is absent or garbled. */
export function readNotBefore(headers: IHeaders | undefined): number {
  const value = Number(headerText(headers, FAILURE_HEADERS.notBefore));
  return Number.isFinite(value) ? value : 0;
}

/**
 * The event's own headers (CloudEvents, trace context, anything a producer added) without the
 * runner's bookkeeping, so each hop writes fresh failure headers instead of piling them up.
 */
export function withoutCarebusHeaders(headers: IHeaders | undefined): IHeaders {
  const kept: IHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!name.toLowerCase().startsWith(CAREBUS_PREFIX)) kept[name] = value;
  }
  return kept;
}
