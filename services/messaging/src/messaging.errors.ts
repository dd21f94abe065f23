import { ForbiddenError, NotFoundError, UnprocessableError } from '@carebus/errors';
import type { ConstraintErrors } from '@carebus/persistence';
import type { ReachabilityReason } from './consent/reachability';

/** Problem `code`s this service answers with (besides the platform's `validation.failed`, `auth.*`). */
export const ERROR_CODES = {
  /** The caller may not read or change this clinic's patients' portal reachability. */
  portalForbidden: 'messaging.portal_forbidden',
  /** Sending through the national portal to a patient who cannot be reached there (audited). */
  patientUnreachable: 'messaging.patient_unreachable',
  /** A stored national identity number does not open under this service's key. */
  nationalIdSealInvalid: 'messaging.national_id_seal_invalid',
  portalDeliveryNotFound: 'messaging.portal_delivery_not_found',
} as const;

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

/** Constraint violations this service maps to domain errors (none yet beyond the platform's). */
export const MESSAGING_CONSTRAINT_ERRORS: ConstraintErrors = {};
