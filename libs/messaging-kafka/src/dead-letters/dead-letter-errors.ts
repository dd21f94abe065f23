import { NotFoundError, UnprocessableError } from '@carebus/errors';

/** No dead letter at that topic, partition and offset (never written, purged, or not a DLQ). */
export class DeadLetterNotFoundError extends NotFoundError {
  constructor(topic: string, partition: number, offset: string) {
    super('dlq.not_found', `No dead letter at ${topic}/${partition}/${offset}.`);
  }
}

/** The record lacks the header naming its original topic, so there is nowhere to replay it to. */
export class DeadLetterNotReplayableError extends UnprocessableError {
  constructor(topic: string, partition: number, offset: string) {
    super(
      'dlq.not_replayable',
      `The dead letter at ${topic}/${partition}/${offset} has no original topic header.`,
    );
  }
}
