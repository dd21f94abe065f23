import { UnauthenticatedError } from '@carebus/errors';
import type { JWTPayload } from 'jose';
import type { Principal } from './principal';
import { isRole } from './roles';

function invalidClaim(claim: string, why: string): UnauthenticatedError {
  return new UnauthenticatedError('auth.token_invalid', `The token's "${claim}" claim ${why}.`);
}

function optionalString(payload: JWTPayload, claim: string): string | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw invalidClaim(claim, 'must be a non-empty string');
  return value;
}

/** Longest `name` claim accepted; an identity provider's display names are far shorter. */
export const MAX_DISPLAY_NAME_LENGTH = 200;

/** The optional `name` claim: shown to patients in their access history, so no control characters. */
function displayNameOf(payload: JWTPayload): string | undefined {
  const name = optionalString(payload, 'name');
  if (name === undefined) return undefined;
  if ([...name].length > MAX_DISPLAY_NAME_LENGTH) {
    throw invalidClaim('name', `must be at most ${MAX_DISPLAY_NAME_LENGTH} characters`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw invalidClaim('name', 'must not contain control characters');
  return name;
}

/**
 * Maps the claims of an already verified token to a Principal. Roles we do not know are dropped
 * rather than rejected, so an issuer can add roles before every service knows them.
 */
export function principalFromClaims(payload: JWTPayload): Principal {
  const subject = optionalString(payload, 'sub');
  if (subject === undefined) throw invalidClaim('sub', 'is missing');

  const rawRoles = payload['roles'] ?? [];
  if (!Array.isArray(rawRoles)) throw invalidClaim('roles', 'must be an array');
  const roles = [...new Set(rawRoles.filter(isRole))];

  const scope = payload['scope'] ?? '';
  if (typeof scope !== 'string') throw invalidClaim('scope', 'must be a space-separated string');
  const scopes = [...new Set(scope.split(/\s+/).filter((s) => s !== ''))];

  const clinicId = optionalString(payload, 'clinic_id') ?? null;
  if (clinicId === null && !roles.includes('operator')) throw invalidClaim('clinic_id', 'is missing');

  const clientId = optionalString(payload, 'client_id');
  const tokenId = optionalString(payload, 'jti');
  const patientId = optionalString(payload, 'patient_id');
  const displayName = displayNameOf(payload);
  return {
    subject,
    clinicId,
    roles,
    scopes,
    ...(clientId !== undefined ? { clientId } : {}),
    ...(tokenId !== undefined ? { tokenId } : {}),
    ...(patientId !== undefined ? { patientId } : {}),
    ...(displayName !== undefined ? { displayName } : {}),
  };
}
