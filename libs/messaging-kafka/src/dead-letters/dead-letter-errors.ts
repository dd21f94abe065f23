import { ForbiddenError, NotFoundError, UnprocessableError } from '@carebus/errors';

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

/** The scope a token needs to see a dead letter's payload, replay or purge dead letters. */
export const DEAD_LETTER_PAYLOAD_SCOPE = 'carebus:dead-letters:payload';

/** The header that states why a caller breaks the glass. */
export const BREAK_GLASS_REASON_HEADER = 'Break-Glass-Reason';

export class DeadLetterPayloadScopeRequiredError extends ForbiddenError {
  constructor() {
    super(
      'dead_letters.payload_scope_required',
      `This needs a token with the scope ${DEAD_LETTER_PAYLOAD_SCOPE} (break-glass).`,
    );
  }
}

export class BreakGlassReasonRequiredError extends ForbiddenError {
  constructor() {
    super(
      'dead_letters.break_glass_reason_required',
      `State why in the ${BREAK_GLASS_REASON_HEADER} header (an incident or ticket, never patient data).`,
    );
  }
}

export class BreakGlassReasonInvalidError extends ForbiddenError {
  constructor(maxLength: number) {
    super(
      'dead_letters.break_glass_reason_invalid',
      `The ${BREAK_GLASS_REASON_HEADER} header must be one line of at most ${maxLength} characters without control characters.`,
    );
  }
}
