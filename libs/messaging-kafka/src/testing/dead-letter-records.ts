import type { Message } from '@carebus/kafka';
import { writeFailureHeaders } from '../failure-headers';
import { sequencedMessage } from './sequenced-messages';

export interface DeadLetterRecordInit {
  /** Original topic. */
  topic: string;
  group: string;
  aggregateId: string;
  clinicId: string;
  /** Kafka timestamp (epoch ms): when the record was dead-lettered. */
  at: number;
  originalOffset?: string;
}

/** A record as the runner writes it to a DLQ, for tests of the dead-letter tooling. */
export function deadLetterRecord(init: DeadLetterRecordInit): Message {
  const event = sequencedMessage({ aggregateId: init.aggregateId, sequence: 1, clinicId: init.clinicId });
  return {
    ...event,
    timestamp: String(init.at),
    headers: {
      ...(event.headers as Record<string, string>),
      ...writeFailureHeaders({
        errorCode: 'test.rejected',
        errorMessage: 'rejected by the test',
        retryable: false,
        originalTopic: init.topic,
        originalPartition: 0,
        originalOffset: init.originalOffset ?? '0',
        attempt: 1,
        group: init.group,
        failedAt: new Date(init.at),
      }),
    },
  };
}
