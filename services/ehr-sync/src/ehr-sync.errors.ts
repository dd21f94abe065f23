import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnprocessableError,
  ValidationError,
} from '@carebus/errors';
import type { ConstraintErrors } from '@carebus/persistence';

/** Problem `code`s this service answers with (besides the platform's `validation.failed`, `auth.*`). */
export const ERROR_CODES = {
  /** Not a clinic admin of the clinic whose key vault was asked for (audited, and alerted to that clinic). */
  keyVaultForbidden: 'ehrsync.key_vault_forbidden',
  keyNotStored: 'ehrsync.key_not_stored',
  keyAlreadyStored: 'ehrsync.key_already_stored',
  keyVersionMismatch: 'ehrsync.key_version_mismatch',
  /** The wrapped key does not verify: its ciphertext, nonce, key id, KEK version or clinic changed. */
  keyIntegrityFailed: 'ehrsync.key_integrity_failed',
  /** The key is wrapped under a KEK version this replica does not hold (retired too early?). */
  kekVersionUnknown: 'ehrsync.kek_version_unknown',
  /** A value sealed under the clinic's key does not open (wrong record, purpose, clinic or key, or changed). */
  sealedValueInvalid: 'ehrsync.sealed_value_invalid',
} as const;

export const keyVaultForbidden = () =>
  new ForbiddenError(
    ERROR_CODES.keyVaultForbidden,
    "Only a clinic admin of this clinic may store, view or replace its shared encryption key; the clinic's administrator is alerted.",
  );

export const keyNotStored = () =>
  new NotFoundError(ERROR_CODES.keyNotStored, 'This clinic has no shared encryption key stored.');

export const keyAlreadyStored = () =>
  new ConflictError(
    ERROR_CODES.keyAlreadyStored,
    'This clinic has a shared encryption key already; replace it with PUT instead.',
  );

export const keyVersionMismatch = (current: number) =>
  new ConflictError(ERROR_CODES.keyVersionMismatch, 'The key changed since you read it.', {
    currentVersion: current,
  });

export const keyIntegrityFailed = () =>
  new UnprocessableError(
    ERROR_CODES.keyIntegrityFailed,
    'The stored shared encryption key failed its integrity check and was not used; see the operations runbook.',
  );

export const kekVersionUnknown = () =>
  new UnprocessableError(
    ERROR_CODES.kekVersionUnknown,
    'The stored shared encryption key is wrapped by a key-encryption key this service does not hold.',
  );

export const sealedValueInvalid = () =>
  new UnprocessableError(
    ERROR_CODES.sealedValueInvalid,
    'A value sealed under the clinic key does not open.',
  );

export const invalidSek = () =>
  new ValidationError([
    { field: 'key', message: 'key must be base64 (standard or URL-safe) of exactly 32 bytes' },
  ]);

/** Constraint → domain error: a concurrent first store of the same clinic's key. */
export const EHR_SYNC_CONSTRAINT_ERRORS: ConstraintErrors = {
  shared_keys_pkey: keyAlreadyStored,
};
