import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  UnprocessableError,
  ValidationError,
} from '@carebus/errors';
import type { ConstraintErrors } from '@carebus/persistence';

/** Problem and gRPC `error-code`s this service answers with (besides the platform's). */
export const ERROR_CODES = {
  adminOnly: 'devices.admin_only',
  enrolmentCodeUnknown: 'devices.enrolment_code_unknown',
  enrolmentCodeUsed: 'devices.enrolment_code_used',
  enrolmentCodeExpired: 'devices.enrolment_code_expired',
  enrolmentKindMismatch: 'devices.enrolment_kind_mismatch',
  invalidPublicKey: 'devices.invalid_public_key',
  invalidRequest: 'devices.invalid_request',
  tokenMissing: 'devices.token_missing',
  tokenInvalid: 'devices.token_invalid',
  tokenExpired: 'devices.token_expired',
  deviceUnknown: 'devices.device_unknown',
  deviceRemoved: 'devices.device_removed',
  deviceNotFound: 'devices.device_not_found',
  computerProofInvalid: 'devices.computer_proof_invalid',
  commandUnknown: 'devices.command_unknown',
  commandNotFound: 'devices.command_not_found',
  commandKindNotSupported: 'devices.command_kind_not_supported',
  commandForbidden: 'devices.command_forbidden',
  idempotencyMismatch: 'devices.idempotency_mismatch',
  idempotencyConflict: 'devices.idempotency_conflict',
} as const;

export const adminOnly = () =>
  new ForbiddenError(ERROR_CODES.adminOnly, 'Only a clinic admin of this clinic may manage its devices.');

export const enrolmentCodeUnknown = () =>
  new NotFoundError(ERROR_CODES.enrolmentCodeUnknown, 'No such enrolment code.');

export const enrolmentCodeUsed = () =>
  new UnprocessableError(
    ERROR_CODES.enrolmentCodeUsed,
    'This enrolment code was used already; ask a clinic admin for a new one.',
  );

export const enrolmentCodeExpired = () =>
  new UnprocessableError(
    ERROR_CODES.enrolmentCodeExpired,
    'This enrolment code has expired; ask a clinic admin for a new one.',
  );

export const enrolmentKindMismatch = () =>
  new UnprocessableError(
    ERROR_CODES.enrolmentKindMismatch,
    'This enrolment code was created for the other kind of agent.',
  );

export const invalidPublicKey = () =>
  new ValidationError(
    [
      {
        field: 'public_key',
        message: 'must be base64 of an Ed25519 SPKI DER (44 bytes) or raw key (32 bytes)',
      },
    ],
    ERROR_CODES.invalidPublicKey,
  );

export const invalidRequest = (field: string, message: string) =>
  new ValidationError([{ field, message }], ERROR_CODES.invalidRequest);

export const tokenMissing = () =>
  new UnauthenticatedError(
    ERROR_CODES.tokenMissing,
    'A device token (authorization: Device <jws>) is required.',
  );

export const tokenInvalid = () =>
  new UnauthenticatedError(ERROR_CODES.tokenInvalid, 'The device token is not valid.');

export const tokenExpired = () =>
  new UnauthenticatedError(ERROR_CODES.tokenExpired, 'The device token has expired.');

export const deviceUnknown = () =>
  new UnauthenticatedError(ERROR_CODES.deviceUnknown, 'No such device is enrolled.');

export const deviceRemoved = () =>
  new UnauthenticatedError(ERROR_CODES.deviceRemoved, 'This device was removed; enrol it again.');

export const deviceNotFound = () =>
  new NotFoundError(ERROR_CODES.deviceNotFound, 'This clinic has no such device.');

export const computerProofInvalid = () =>
  new UnauthenticatedError(
    ERROR_CODES.computerProofInvalid,
    "The Carebus-Computer proof is not a valid, current proof of one of this clinic's workstation services.",
  );

export const commandUnknown = () => new NotFoundError(ERROR_CODES.commandUnknown, 'No such command.');

export const commandNotFound = () =>
  new NotFoundError(ERROR_CODES.commandNotFound, 'This clinic has no such command.');

export const commandKindNotSupported = () =>
  new UnprocessableError(
    ERROR_CODES.commandKindNotSupported,
    'This device does not take this kind of command (payments go to clinic device services, patient lookups to workstation services).',
  );

export const commandForbidden = () =>
  new ForbiddenError(ERROR_CODES.commandForbidden, 'You may not send this command to this device.');

export const idempotencyMismatch = () =>
  new ValidationError(
    [{ field: 'idempotency_id', message: "is not the command's idempotency id" }],
    ERROR_CODES.idempotencyMismatch,
  );

export const idempotencyConflict = () =>
  new ConflictError(
    ERROR_CODES.idempotencyConflict,
    'A different command with this idempotency id was sent to this device already.',
  );

export const DEVICE_REGISTRY_CONSTRAINT_ERRORS: ConstraintErrors = {};
