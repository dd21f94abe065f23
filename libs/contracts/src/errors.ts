/**
 * Errors raised while reading an event off the wire. A message that fails here will fail the same
 * way on every attempt, so the consumer runner sends it straight to the dead-letter topic
 * (`retryable` is false) instead of through the retry topics.
 */
export abstract class EventContractError extends Error {
  readonly retryable = false;

  protected constructor(
    /** Stable machine-readable code, e.g. `envelope.missing_header`. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export type EnvelopeErrorCode =
  | 'envelope.missing_header'
  | 'envelope.duplicate_header'
  | 'envelope.bad_specversion'
  | 'envelope.bad_time'
  | 'envelope.bad_content_type'
  | 'envelope.bad_clinic_id';

/** The Kafka headers do not form a valid Carebus CloudEvents envelope. */
export class EnvelopeError extends EventContractError {
  constructor(
    override readonly code: EnvelopeErrorCode,
    /** The offending header, e.g. `ce_time`. */
    readonly header: string,
    message: string,
  ) {
    super(code, message);
  }
}

export type PayloadDecodeErrorCode = 'payload.unknown_type' | 'payload.invalid';

/** The payload's event type is not in the catalogue, or its bytes are not that protobuf message. */
export class PayloadDecodeError extends EventContractError {
  constructor(
    override readonly code: PayloadDecodeErrorCode,
    /** The CloudEvents type the payload was read as. */
    readonly eventType: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
