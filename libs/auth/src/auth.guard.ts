import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError } from '@carebus/errors';
import { bearerToken } from './bearer-token';
import { IS_PUBLIC_KEY, ROLES_KEY, SCOPES_KEY } from './decorators';
import { JwtVerifier } from './jwt-verifier';
import { hasRole, hasScopes, type Principal } from './principal';
import { rememberRoute, requestCredentials } from './request-credentials';
import type { Role } from './roles';

/**
 * The global guard: every route needs a valid bearer token unless marked `@Public()`, then must
 * pass `@Roles` and `@Scopes`. Secure by default, so a forgotten decorator closes a route.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    rememberRoute(context);
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const credentials = requestCredentials(context);
    if (!credentials) return true;

    const principal = await this.verifier.verify(bearerToken(credentials.authorization));
    credentials.attach(principal);
    this.requireRoles(principal, context);
    this.requireScopes(principal, context);
    return true;
  }

  // Class and method roles are checked separately, so a method-level @Roles can only narrow access.
  private requireRoles(principal: Principal, context: ExecutionContext): void {
    for (const target of [context.getClass(), context.getHandler()]) {
      const roles = this.reflector.get<Role[] | undefined>(ROLES_KEY, target);
      if (roles && roles.length > 0 && !hasRole(principal, ...roles)) {
        throw new ForbiddenError('auth.forbidden', 'Your role does not allow this.');
      }
    }
  }

  private requireScopes(principal: Principal, context: ExecutionContext): void {
    const scopes = this.reflector.getAllAndMerge<string[]>(SCOPES_KEY, [
      context.getClass(),
      context.getHandler(),
    ]);
    if (!hasScopes(principal, ...scopes)) {
      throw new ForbiddenError('auth.insufficient_scope', 'Your token lacks a required scope.');
    }
  }
}
