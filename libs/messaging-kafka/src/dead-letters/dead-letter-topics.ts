import { deadLetterTopic } from '@carebus/contracts';

export interface DeadLetterTopicFilter {
  /** Original (source) topic. */
  topic?: string;
  group?: string;
}

const DLQ_SUFFIX = '.dlq';

export function isDeadLetterTopic(name: string): boolean {
  return name.endsWith(DLQ_SUFFIX) && name.length > DLQ_SUFFIX.length;
}

/**
 * DLQ topic names that may hold dead letters of `filter`. Names alone are ambiguous when topics or
 * groups contain dots, so callers also check the records' `carebus-original-topic`/`-group`.
 */
export function deadLetterTopicsMatching(topics: string[], filter: DeadLetterTopicFilter): string[] {
  if (filter.topic && filter.group) {
    const exact = deadLetterTopic(filter.topic, filter.group);
    return topics.filter((name) => name === exact);
  }
  return topics.filter(
    (name) =>
      isDeadLetterTopic(name) &&
      (!filter.topic || name.startsWith(`${filter.topic}.`)) &&
      (!filter.group || name.endsWith(`.${filter.group}${DLQ_SUFFIX}`)),
  );
}
