import { DomainError, UnauthenticatedError, UnavailableError } from '@carebus/errors';
import { errors } from 'jose';
import { JwksUnavailable } from './jwks-key-source';

function invalid(message: string): UnauthenticatedError {
  return new UnauthenticatedError('auth.token_invalid', message);
}

/**
 * Turns a token verification failure into a DomainError with a stable code. Messages are fixed
 * strings: jose's own messages and the token itself never reach the client.
 */
export function translateJoseError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof JwksUnavailable) {
    return new UnavailableError(
      'auth.jwks_unavailable',
      'The token signing keys are unavailable; try again later.',
    );
  }
  // JWTExpired implements, but does not extend, JWTClaimValidationFailed: test it first anyway.
  if (error instanceof errors.JWTExpired) {
    return new UnauthenticatedError('auth.token_expired', 'The token has expired.');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss')
      return new UnauthenticatedError('auth.issuer_mismatch', 'The token is from an untrusted issuer.');
    if (error.claim === 'aud')
      return new UnauthenticatedError('auth.audience_mismatch', 'The token is not meant for this audience.');
    return invalid(`The token's "${error.claim}" claim is missing or not valid.`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return invalid('The token is not signed with an allowed algorithm.');
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return invalid('The token signature is not valid.');
  if (error instanceof errors.JWKSNoMatchingKey) return invalid('The token is signed with an unknown key.');
  if (error instanceof errors.JOSEError) return invalid('The token is malformed.');
  throw error;
}
