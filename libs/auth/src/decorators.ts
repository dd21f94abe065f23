import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { UnauthenticatedError } from '@carebus/errors';
import { clinicOf } from './clinic-access';
import type { Principal } from './principal';
import { attachedPrincipal } from './request-credentials';
import type { Role } from './roles';

export const IS_PUBLIC_KEY = 'carebus:auth:public';
export const ROLES_KEY = 'carebus:auth:roles';
export const SCOPES_KEY = 'carebus:auth:scopes';

/** Opens a route (or every route of a controller) to callers without a token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/** The caller needs at least one of these roles. On class and method, both must be satisfied. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** The caller's token needs every one of these scopes (class and method scopes add up). */
export const Scopes = (...scopes: string[]): MethodDecorator & ClassDecorator =>
  SetMetadata(SCOPES_KEY, scopes);

/**
 * The verified caller. Throws `auth.token_missing` on a `@Public()` route without a principal,
 * so a handler never silently runs with `undefined`.
 */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = attachedPrincipal(context);
    if (!principal) throw new UnauthenticatedError('auth.token_missing', 'A bearer token is required.');
    return principal;
  },
);

/**
 * The clinic the verified caller acts for (the tenant of everything the call touches). A token
 * without a clinic (an operator's) gets 403 `auth.clinic_required`; a wrong role stays
 * `auth.forbidden` from the roles guard.
 */
export const ClinicId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const principal = attachedPrincipal(context);
  if (!principal) throw new UnauthenticatedError('auth.token_missing', 'A bearer token is required.');
  return clinicOf(principal);
});
