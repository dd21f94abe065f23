import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '@carebus/errors';
import type { ConstraintErrors } from '@carebus/persistence';
import type { ReachabilityReason } from './consent/reachability';

/** Problem `code`s this service answers with (besides the platform's `validation.failed`, `auth.*`). */
export const ERROR_CODES = {
  /** Unknown thread, or one this caller may not see (another clinic's, another patient's, hidden from a guardian). */
  threadNotFound: 'messaging.thread_not_found',
  inboxNotFound: 'messaging.inbox_not_found',
  unitNotFound: 'messaging.unit_not_found',
  templateNotFound: 'messaging.template_not_found',
  patientNotFound: 'messaging.patient_not_found',
  /** The caller's role may not do this (e.g. a patient answering a renewal). */
  forbidden: 'messaging.forbidden',
  /** A patient or guardian token without the `patient_id` claim. */
  patientClaimMissing: 'messaging.patient_claim_missing',
  unitExists: 'messaging.unit_exists',
  templateExists: 'messaging.template_exists',
  /** Only an e-contact (or an answered renewal) converts, and only to a clinical or general dialogue. */
  conversionNotAllowed: 'messaging.conversion_not_allowed',
  /** The thread is not a prescription renewal request, or it was answered already. */
  renewalNotOpen: 'messaging.renewal_not_open',
  /** partly_renewed names the renewed items; the other outcomes name none. */
  renewalItemsInvalid: 'messaging.renewal_items_invalid',
  /** The routing rule needs a receiver (a position, group, role or unit of this clinic). */
  receiverRequired: 'messaging.receiver_required',
  /** Nobody to deliver to: no routed inbox exists for this thread. */
  noRecipient: 'messaging.no_recipient',
  settingsVersionMismatch: 'messaging.settings_version_mismatch',
  /** The caller may not read or change this clinic's patients' portal reachability. */
  portalForbidden: 'messaging.portal_forbidden',
  /** Sending through the national portal to a patient who cannot be reached there (audited). */
  patientUnreachable: 'messaging.patient_unreachable',
  /** A stored national identity number does not open under this service's key. */
  nationalIdSealInvalid: 'messaging.national_id_seal_invalid',
  portalDeliveryNotFound: 'messaging.portal_delivery_not_found',
} as const;

export const threadNotFound = () => new NotFoundError(ERROR_CODES.threadNotFound, 'No such thread.');
export const inboxNotFound = () => new NotFoundError(ERROR_CODES.inboxNotFound, 'No such inbox.');
export const unitNotFound = () =>
  new NotFoundError(ERROR_CODES.unitNotFound, 'No such position, group, role or organisation unit.');
export const templateNotFound = () => new NotFoundError(ERROR_CODES.templateNotFound, 'No such template.');
export const patientNotFound = () => new NotFoundError(ERROR_CODES.patientNotFound, 'No such patient.');
export const messagingForbidden = () =>
  new ForbiddenError(ERROR_CODES.forbidden, 'Your role may not do this in messaging.');
export const patientClaimMissing = () =>
  new ForbiddenError(ERROR_CODES.patientClaimMissing, 'A patient or guardian token must carry patient_id.');
export const unitExists = () =>
  new ConflictError(ERROR_CODES.unitExists, 'This clinic has a unit of this kind and name already.');
export const templateExists = () =>
  new ConflictError(ERROR_CODES.templateExists, 'This clinic has a template of this name already.');
export const conversionNotAllowed = (kind: string) =>
  new ConflictError(ERROR_CODES.conversionNotAllowed, 'This thread cannot be converted so.', { kind });
export const renewalNotOpen = () =>
  new ConflictError(ERROR_CODES.renewalNotOpen, 'This thread is no open prescription renewal request.');
export const renewalItemsInvalid = () =>
  new UnprocessableError(
    ERROR_CODES.renewalItemsInvalid,
    'partly_renewed names some but not all requested items; other outcomes name none.',
  );
export const receiverRequired = () =>
  new UnprocessableError(ERROR_CODES.receiverRequired, 'This routing mode needs a receiver unit.');
export const noRecipient = () =>
  new UnprocessableError(ERROR_CODES.noRecipient, 'No inbox to deliver this dialogue to.');
export const settingsVersionMismatch = (current: number) =>
  new ConflictError(ERROR_CODES.settingsVersionMismatch, 'The settings changed since you read them.', {
    currentVersion: current,
  });

export const portalForbidden = () =>
  new ForbiddenError(
    ERROR_CODES.portalForbidden,
    "Only the clinic's staff, practitioners and admins may do this for the clinic's patients.",
  );

export const patientUnreachable = (reason: ReachabilityReason) =>
  new UnprocessableError(
    ERROR_CODES.patientUnreachable,
    'The patient cannot be reached through the national portal; nothing was sent.',
    { reason },
  );

export const nationalIdSealInvalid = () =>
  new UnprocessableError(
    ERROR_CODES.nationalIdSealInvalid,
    "The patient's stored national identity number does not open; record it again.",
  );

export const portalDeliveryNotFound = () =>
  new NotFoundError(ERROR_CODES.portalDeliveryNotFound, 'No such portal delivery in this clinic.');

/** Constraint → domain error. */
export const MESSAGING_CONSTRAINT_ERRORS: ConstraintErrors = {
  org_units_clinic_kind_name: unitExists,
  templates_clinic_name: templateExists,
};
