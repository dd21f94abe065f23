import { DomainError } from '@carebus/errors';

/**
 * Errors raised while reading an event off the wire. A message that fails here will fail the same
 * way on every attempt: as `invalid` domain errors, the consumer runner sends them straight to the
 * dead-letter topic instead of through the retry topics (ON_EVENT_FAILURE in @carebus/errors).
 */
export abstract class EventContractError extends DomainError {
  protected constructor(
    /** Stable machine-readable code, e.g. `envelope.missing_header`. */
    code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('invalid', code, message, {}, options);
  }
}

export type EnvelopeErrorCode =
  | 'envelope.missing_header'
  | 'envelope.duplicate_header'
  | 'envelope.bad_specversion'
  | 'envelope.bad_id'
  | 'envelope.bad_type'
  | 'envelope.bad_source'
  | 'envelope.bad_subject'
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

export type PayloadDecodeErrorCode = 'payload.unknown_type' | 'payload.invalid' | 'payload.clinic_mismatch';

/**
 * The payload's event type is not in the catalogue, its bytes are not that protobuf message, or
 * it names another clinic than the envelope's `clinicid` header.
 */
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
