import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnavailableError,
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
  /** Not a clinic admin of the clinic whose EHR connections were asked for. */
  connectionForbidden: 'ehrsync.connection_forbidden',
  connectionNotFound: 'ehrsync.connection_not_found',
  connectionExists: 'ehrsync.connection_exists',
  /** Credentials are sealed under the clinic's key: the clinic admin stores the key first. */
  connectionNeedsKey: 'ehrsync.connection_needs_key',
  /** The EHR refused the connection's credentials (alerted to the clinical administrator). */
  credentialsRejected: 'ehrsync.credentials_rejected',
  /** The EHR withdrew the connection's authorisation: re-authenticate it. */
  connectionDeauthorized: 'ehrsync.connection_deauthorized',
  /** The connection is in error (its credentials were rejected while in use): re-authenticate it. */
  connectionInError: 'ehrsync.connection_in_error',
  /** The EHR did not answer, or not usefully; nothing was changed. */
  ehrUnreachable: 'ehrsync.ehr_unreachable',
  settingsVersionMismatch: 'ehrsync.connection_settings_version_mismatch',
  /** Providers to sync that the EHR does not list. */
  unknownProviders: 'ehrsync.unknown_providers',
  syncRunNotFound: 'ehrsync.sync_run_not_found',
  /** A mapping names a practitioner, calendar or appointment type Carebus does not know for the clinic. */
  unknownReference: 'ehrsync.unknown_reference',
  mappingNotFound: 'ehrsync.mapping_not_found',
  /** Not a clinic admin or operator acting for the clinic whose write-back queue was asked for. */
  writeBackForbidden: 'ehrsync.write_back_forbidden',
  writeNotFound: 'ehrsync.write_not_found',
  /** Only a parked write can be retried. */
  writeNotParked: 'ehrsync.write_not_parked',
  /** Parking reasons of a write (docs/ehr-sync.md#parking-and-operator-retry). */
  writeBackUnmapped: 'ehrsync.write_back_unmapped',
  writeBackNoDefaultType: 'ehrsync.write_back_no_default_type',
  writeBackNotLinked: 'ehrsync.write_back_not_linked',
  writeBackExpired: 'ehrsync.write_back_expired',
  writeBackConnectionGone: 'ehrsync.write_back_connection_gone',
  /** Journal filing: no active EHR connection; the note's ring is not configured here; it does not open. */
  noConnection: 'ehrsync.no_connection',
  journalNoteKeyMissing: 'ehrsync.journal_note_key_missing',
  journalNoteUnopenable: 'ehrsync.journal_note_unopenable',
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

export const connectionForbidden = () =>
  new ForbiddenError(
    ERROR_CODES.connectionForbidden,
    'Only a clinic admin of this clinic may manage its EHR connections.',
  );

export const connectionNotFound = () =>
  new NotFoundError(ERROR_CODES.connectionNotFound, 'This clinic has no such EHR connection.');

export const connectionExists = () =>
  new ConflictError(
    ERROR_CODES.connectionExists,
    'This clinic has a connection to this EHR base URL already.',
  );

export const connectionNeedsKey = () =>
  new ConflictError(
    ERROR_CODES.connectionNeedsKey,
    "EHR credentials are stored encrypted under the clinic's shared encryption key: store the key in the key vault first.",
  );

export const connectionCredentialsRejected = () =>
  new UnprocessableError(
    ERROR_CODES.credentialsRejected,
    "The EHR rejected the credentials; the clinic's clinical administrator is alerted.",
  );

export const connectionDeauthorized = () =>
  new ConflictError(
    ERROR_CODES.connectionDeauthorized,
    "The EHR withdrew this connection's authorisation; re-authenticate it.",
  );

export const connectionInError = () =>
  new ConflictError(
    ERROR_CODES.connectionInError,
    "The EHR rejected this connection's credentials while in use; re-authenticate it.",
  );

export const ehrUnreachable = () =>
  new UnavailableError(
    ERROR_CODES.ehrUnreachable,
    'The EHR did not answer usefully; nothing was changed. Try again later.',
  );

export const settingsVersionMismatch = (current: number) =>
  new ConflictError(ERROR_CODES.settingsVersionMismatch, 'The settings changed since you read them.', {
    currentVersion: current,
  });

export const unknownProviders = (count: number) =>
  new UnprocessableError(ERROR_CODES.unknownProviders, 'Some providers to sync are not listed by the EHR.', {
    unknownCount: count,
  });

export const syncRunNotFound = () =>
  new NotFoundError(ERROR_CODES.syncRunNotFound, 'This connection has no such sync run.');

export const unknownReference = (field: string) =>
  new UnprocessableError(
    ERROR_CODES.unknownReference,
    `The ${field} is not one of this clinic's in Carebus.`,
    {
      field,
    },
  );

export const mappingNotFound = () =>
  new NotFoundError(ERROR_CODES.mappingNotFound, 'This connection has no such mapping.');
export const writeBackForbidden = () =>
  new ForbiddenError(
    ERROR_CODES.writeBackForbidden,
    'Only a clinic admin or an operator acting for this clinic may see or retry its EHR write-back queue.',
  );

export const writeNotFound = () =>
  new NotFoundError(ERROR_CODES.writeNotFound, 'This clinic has no such write to its EHR.');

export const writeNotParked = (status: string) =>
  new ConflictError(ERROR_CODES.writeNotParked, 'Only a parked write can be retried.', { status });

/** Constraint → domain error: a concurrent first store of the same clinic's key. */
export const EHR_SYNC_CONSTRAINT_ERRORS: ConstraintErrors = {
  shared_keys_pkey: keyAlreadyStored,
  ehr_connections_clinic_url: connectionExists,
};
