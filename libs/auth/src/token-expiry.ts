import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { UnauthenticatedError } from '@carebus/errors';
import { decodeJwt } from 'jose';
import { bearerToken } from './bearer-token';
import { requestCredentials } from './request-credentials';

/**
 * When the verified bearer token of this call expires (its `exp`), for calls that outlive one
 * request, such as a gRPC server stream, which must end there. The guard has verified the token
 * already, so its claims are only read here.
 */
export const TokenExpiresAt = createParamDecorator((_data: unknown, context: ExecutionContext): Date => {
  const authorization = requestCredentials(context)?.authorization;
  const exp = authorization === undefined ? undefined : expOf(bearerToken(authorization));
  if (exp === undefined) throw new UnauthenticatedError('auth.token_missing', 'A bearer token is required.');
  return new Date(exp * 1000);
});

function expOf(token: string): number | undefined {
  try {
    const exp = decodeJwt(token).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined;
  } catch {
    return undefined;
  }
}
