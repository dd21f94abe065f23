import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '@carebus/errors';
import type { ConstraintErrors } from '@carebus/persistence';

/** Problem `code`s this service answers with (besides the platform's `validation.failed`, `auth.*`). */
export const ERROR_CODES = {
  notificationNotFound: 'notifications.notification_not_found',
  notResendable: 'notifications.not_resendable',
  contactNotFound: 'notifications.contact_not_found',
  /** portalReachable is derived from messaging's reachability events; a contact write may not set it. */
  portalReachableReadOnly: 'notifications.portal_reachable_read_only',
  clinicNotFound: 'notifications.clinic_not_found',
  enablementNotFound: 'notifications.enablement_not_found',
  staffNotFound: 'notifications.staff_not_found',
  templateNotFound: 'notifications.template_not_found',
  templateInvalid: 'notifications.template_invalid',
  clinicFieldOwnedByScheduling: 'notifications.clinic_field_owned_by_scheduling',
  /** An event this service cannot plan from: dead-lettered at once (unprocessable). */
  invalidEvent: 'notifications.invalid_event',
} as const;

/**
 * Why a notification was not (yet) delivered, or what changed it: a job's `lastError` and the
 * delivery log's `errorCode`, also in `notifications.notification.v1` failed events.
 */
export const DELIVERY_CODES = {
  expired: 'notifications.expired',
  noChannel: 'notifications.no_channel',
  noAddress: 'notifications.no_address',
  noRecipient: 'notifications.no_recipient',
  /** A staff member with no entry in the staff directory: told of nothing. */
  noStaffContact: 'notifications.no_staff_contact',
  /** A staff member who opted in to no channel for dialogue notices. */
  notOptedIn: 'notifications.not_opted_in',
  /** The clinic answered in a thread from the national portal: the portal tells the patient. */
  answeredInPortal: 'notifications.answered_in_portal',
  quietHours: 'notifications.quiet_hours',
  channelNotConfigured: 'notifications.channel_not_configured',
  cancelled: 'notifications.cancelled',
  replanned: 'notifications.replanned',
  resend: 'notifications.resend',
  smtpRejected: 'notifications.smtp_rejected',
  smtpDeferred: 'notifications.smtp_deferred',
  smtpUnreachable: 'notifications.smtp_unreachable',
  providerRejected: 'notifications.provider_rejected',
  providerError: 'notifications.provider_error',
  providerUnavailable: 'notifications.provider_unavailable',
} as const;

export const notificationNotFound = () =>
  new NotFoundError(ERROR_CODES.notificationNotFound, 'No such notification.');

export const notResendable = () =>
  new ConflictError(ERROR_CODES.notResendable, 'Only a failed notification with a channel can be resent.');

export const contactNotFound = () =>
  new NotFoundError(ERROR_CODES.contactNotFound, 'No contact points for this patient.');

export const clinicNotFound = () => new NotFoundError(ERROR_CODES.clinicNotFound, 'No such clinic.');

export const enablementNotFound = () =>
  new NotFoundError(ERROR_CODES.enablementNotFound, 'No such enablement rule.');

export const staffNotFound = () => new NotFoundError(ERROR_CODES.staffNotFound, 'No such staff member.');

export const templateNotFound = () =>
  new NotFoundError(
    ERROR_CODES.templateNotFound,
    'The clinic has no own template for this kind and language.',
  );

export const templateInvalid = (field: 'subject' | 'body', reason: string) =>
  new ValidationError([{ field, message: `not a valid template: ${reason}` }], ERROR_CODES.templateInvalid);

/**
 * A settings PUT tried to change what scheduling's clinic events own (clinic name, time zone,
 * clinical administrator e-mail): those change through scheduling's PATCH /v1/clinics/{id}.
 */
export const clinicFieldOwnedByScheduling = (fields: string[]) =>
  new ConflictError(
    ERROR_CODES.clinicFieldOwnedByScheduling,
    `${fields.join(', ')} follow the clinic in scheduling (PATCH /v1/clinics/{id} there); leave them out or repeat them.`,
    { fields },
  );

export const invalidEvent = (reason: string) => new UnprocessableError(ERROR_CODES.invalidEvent, reason);

export const invalidUserId = () =>
  new ValidationError([{ field: 'userId', message: 'userId must be 1-200 characters of [A-Za-z0-9_.@:|-]' }]);

export const invalidStaffContact = (field: 'email' | 'phone', message: string) =>
  new ValidationError([{ field, message }]);

export const invalidVariables = () =>
  new ValidationError([{ field: 'variables', message: 'variables must map names to strings' }]);

/** The same answer as the platform's cursor check (decodeCursor) for a cursor whose key is no instant. */
export const forgedCursor = () =>
  new ValidationError([{ field: 'cursor', message: 'is not a cursor issued by this API' }]);

/**
 * Constraint → domain error. Empty on purpose: every unique key is written by upsert or
 * `ON CONFLICT DO NOTHING`, and the CHECKs guard what the DTOs already validated. Add a
 * constraint here when a statement can violate it for a reason a client or an event caused.
 */
export const NOTIFICATIONS_CONSTRAINT_ERRORS: ConstraintErrors = {};

export const portalReachableReadOnly = () =>
  new UnprocessableError(
    ERROR_CODES.portalReachableReadOnly,
    "portalReachable is read-only: it follows messaging's decision (national id, consent, portal account). Leave it out.",
  );
