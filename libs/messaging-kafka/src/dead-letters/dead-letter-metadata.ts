import type { DeadLetter, DeadLetterDetail } from './dead-letter';

/**
 * What the admin API lists and shows without break-glass: where a dead letter is, what kind of
 * event it was, why and when it failed, and whose clinic it belongs to. No key (an aggregate id
 * may be a patient's), no headers, no error message (a handler's message may quote its input)
 * and no payload: those only come with `DeadLetterPayload`.
 */
export interface DeadLetterMetadata {
  dlqTopic: string;
  partition: number;
  offset: string;
  /** When the record was written to the DLQ (its Kafka timestamp), ISO 8601. */
  deadLetteredAt: string;
  originalTopic?: string;
  originalPartition?: number;
  originalOffset?: string;
  group?: string;
  attempt?: number;
  errorCode?: string;
  retryable?: boolean;
  eventId?: string;
  eventType?: string;
  /** The clinic of the event (its `clinicid` header), when it has one. */
  clinicId?: string;
  payloadBytes: number;
}

/** A dead letter with everything it holds, shown only behind break-glass (scope and reason). */
export interface DeadLetterPayload extends DeadLetterMetadata {
  key: string | null;
  errorMessage?: string;
  headers: Record<string, string>;
  payloadBase64: string;
}

const METADATA_FIELDS = [
  'dlqTopic',
  'partition',
  'offset',
  'deadLetteredAt',
  'originalTopic',
  'originalPartition',
  'originalOffset',
  'group',
  'attempt',
  'errorCode',
  'retryable',
  'eventId',
  'eventType',
  'clinicId',
  'payloadBytes',
] as const satisfies readonly (keyof DeadLetterMetadata)[];

/** Only the metadata fields, picked one by one (a field added to `DeadLetter` stays out). */
export function toDeadLetterMetadata(letter: DeadLetter): DeadLetterMetadata {
  const metadata: Record<string, unknown> = {};
  for (const field of METADATA_FIELDS) {
    if (letter[field] !== undefined) metadata[field] = letter[field];
  }
  return metadata as unknown as DeadLetterMetadata;
}

export function toDeadLetterPayload(detail: DeadLetterDetail): DeadLetterPayload {
  return {
    ...toDeadLetterMetadata(detail),
    key: detail.key,
    ...(detail.errorMessage !== undefined ? { errorMessage: detail.errorMessage } : {}),
    headers: detail.headers,
    payloadBase64: detail.payloadBase64,
  };
}
