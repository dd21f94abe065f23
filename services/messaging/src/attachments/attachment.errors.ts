import { DomainError, NotFoundError, UnprocessableError, ValidationError } from '@carebus/errors';
import { MAX_ATTACHMENT_BYTES } from './attachment-limits';

/** Problem `code`s of attachments (besides the platform's `validation.failed`, `auth.*`). */
export const ATTACHMENT_ERROR_CODES = {
  /** More than MAX_ATTACHMENT_BYTES: refused while streaming, nothing stored. */
  tooLarge: 'messaging.attachment_too_large',
  /** Not one of the allowed types by its bytes, or the declared type disagrees with them. */
  typeRefused: 'messaging.attachment_type_refused',
  /** No such attachment for this caller (another clinic's, or a thread they do not take part in). */
  notFound: 'messaging.attachment_not_found',
  /** No such message of this caller in this thread to attach to. */
  messageNotFound: 'messaging.message_not_found',
  /** A stored chunk or its labels changed: the bytes are not served. */
  integrityFailed: 'messaging.attachment_integrity_failed',
  /** The clinic's data key is wrapped by a KEK this replica does not hold, or does not verify. */
  keyUnavailable: 'messaging.attachment_key_unavailable',
  /** An empty body, or a Content-Disposition without a usable file name. */
  invalid: 'messaging.attachment_invalid',
} as const;

export const attachmentTooLarge = () =>
  new DomainError(
    'payload_too_large',
    ATTACHMENT_ERROR_CODES.tooLarge,
    `An attachment may hold at most ${MAX_ATTACHMENT_BYTES} bytes (12 MiB); nothing was stored.`,
    { maxBytes: MAX_ATTACHMENT_BYTES },
  );

export const attachmentTypeRefused = (detected: string | null) =>
  new DomainError(
    'unsupported_media_type',
    ATTACHMENT_ERROR_CODES.typeRefused,
    'Attachments are PDF, JPEG, PNG, HEIC, TIFF or plain UTF-8 text, declared as the type their bytes show.',
    { detectedType: detected },
  );

export const attachmentNotFound = () =>
  new NotFoundError(ATTACHMENT_ERROR_CODES.notFound, 'No such attachment.');

export const messageNotFound = () =>
  new NotFoundError(ATTACHMENT_ERROR_CODES.messageNotFound, 'No such message of yours in this thread.');

export const attachmentIntegrityFailed = () =>
  new UnprocessableError(
    ATTACHMENT_ERROR_CODES.integrityFailed,
    'The stored attachment failed its integrity check and was not served.',
  );

export const attachmentKeyUnavailable = () =>
  new UnprocessableError(
    ATTACHMENT_ERROR_CODES.keyUnavailable,
    "The clinic's attachment key could not be unwrapped with the configured key-encryption keys.",
  );

export const attachmentInvalid = (field: string, message: string) =>
  new ValidationError([{ field, message }], ATTACHMENT_ERROR_CODES.invalid, message);
