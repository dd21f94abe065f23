import { UnauthenticatedError } from '@carebus/errors';

/** Extracts the token from an `Authorization: Bearer <token>` value (scheme is case-insensitive). */
export function bearerToken(authorization: string | undefined): string {
  const [scheme = '', ...rest] = (authorization ?? '').trim().split(/\s+/);
  if (scheme.toLowerCase() !== 'bearer' || rest.length === 0) {
    throw new UnauthenticatedError(
      'auth.token_missing',
      'An "Authorization: Bearer <token>" header is required.',
    );
  }
  if (rest.length > 1) throw new UnauthenticatedError('auth.token_invalid', 'The bearer token is malformed.');
  return rest[0] as string;
}
