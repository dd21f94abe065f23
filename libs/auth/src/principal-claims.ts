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
  return {
    subject,
    clinicId,
    roles,
    scopes,
    ...(clientId !== undefined ? { clientId } : {}),
    ...(tokenId !== undefined ? { tokenId } : {}),
    ...(patientId !== undefined ? { patientId } : {}),
  };
}
