import { ValidationError, type FieldError } from '@carebus/errors';
import { DEV_DEFAULT_TTL_SECONDS, type DevTokenClaims } from './dev-token-minter';
import { isRole, type Role } from './roles';

export interface DevTokenRequest {
  claims: DevTokenClaims;
  ttlSeconds: number;
}

const FIELDS = new Set(['sub', 'clinic_id', 'roles', 'scope', 'client_id', 'patient_id', 'ttl_seconds']);
const MAX_TTL_SECONDS = 7 * 24 * 3600;

function optionalText(
  body: Record<string, unknown>,
  field: string,
  errors: FieldError[],
): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() !== '') return value;
  errors.push({ field, message: `${field} must be a non-empty string` });
  return undefined;
}

/**
 * Validates a `POST /token` body. Stricter than the verifier on purpose: a typo in a role or a
 * missing clinic is reported here rather than surfacing later as a puzzling 401 or 403.
 */
export function parseDevTokenRequest(body: unknown): DevTokenRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError([{ field: '', message: 'body must be a JSON object' }]);
  }
  const input = body as Record<string, unknown>;
  const errors: FieldError[] = Object.keys(input)
    .filter((field) => !FIELDS.has(field))
    .map((field) => ({ field, message: `${field} is not a known field` }));

  const sub = optionalText(input, 'sub', errors);
  if (input['sub'] === undefined) errors.push({ field: 'sub', message: 'sub is required' });
  const clinicId = optionalText(input, 'clinic_id', errors);
  const scope = input['scope'];
  if (scope !== undefined && typeof scope !== 'string') {
    errors.push({ field: 'scope', message: 'scope must be a space-separated string' });
  }
  const clientId = optionalText(input, 'client_id', errors);
  const patientId = optionalText(input, 'patient_id', errors);

  const roles = input['roles'] ?? [];
  if (!Array.isArray(roles) || !roles.every(isRole)) {
    errors.push({ field: 'roles', message: 'roles must be an array of known roles' });
  } else if (clinicId === undefined && !roles.includes('operator') && input['clinic_id'] === undefined) {
    errors.push({ field: 'clinic_id', message: 'clinic_id is required unless roles include operator' });
  }

  const ttl = input['ttl_seconds'] ?? DEV_DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(ttl) || (ttl as number) < 1 || (ttl as number) > MAX_TTL_SECONDS) {
    errors.push({
      field: 'ttl_seconds',
      message: `ttl_seconds must be an integer from 1 to ${MAX_TTL_SECONDS}`,
    });
  }
  if (errors.length > 0 || sub === undefined) throw new ValidationError(errors);

  const claims: DevTokenClaims = {
    sub,
    roles: roles as Role[],
    scopes: typeof scope === 'string' ? scope.split(/\s+/).filter((s) => s !== '') : [],
    ...(clinicId !== undefined ? { clinicId } : {}),
    ...(clientId !== undefined ? { clientId } : {}),
    ...(patientId !== undefined ? { patientId } : {}),
  };
  return { claims, ttlSeconds: ttl as number };
}
