import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC_KEY, ROLES, ROLES_KEY, type Role } from '@carebus/auth';

/** Who may call a handler: `public`, or the roles that pass both its class's and its own `@Roles`. */
export type Access = readonly Role[] | 'public';

/** @nestjs/microservices' metadata key of `@GrpcMethod` (read here to avoid depending on it). */
const PATTERN_METADATA = 'microservices:pattern';

/**
 * The access rule of every controller method of a running app, keyed as OpenAPI's operationId
 * (`<Controller>_<method>`) and, for gRPC handlers, as `<Service>/<Rpc>`: the fuzzer reads the
 * `@Roles` the guard enforces rather than a copy of them that could drift.
 */
export function handlerAccess(app: INestApplication): Map<string, Access> {
  const access = new Map<string, Access>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!type?.prototype) continue;
      const classRoles = (Reflect.getMetadata(ROLES_KEY, type) as Role[] | undefined) ?? [];
      const classPublic = Reflect.getMetadata(IS_PUBLIC_KEY, type) === true;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const roles = (Reflect.getMetadata(ROLES_KEY, handler) as Role[] | undefined) ?? [];
        const rule: Access =
          classPublic || Reflect.getMetadata(IS_PUBLIC_KEY, handler) === true
            ? 'public'
            : ROLES.filter(
                (r) => (!classRoles.length || classRoles.includes(r)) && (!roles.length || roles.includes(r)),
              );
        access.set(`${type.name}_${name}`, rule);
        const patterns = Reflect.getMetadata(PATTERN_METADATA, handler) as
          { service?: string; rpc?: string }[] | undefined;
        for (const p of patterns ?? []) if (p.service && p.rpc) access.set(`${p.service}/${p.rpc}`, rule);
      }
    }
  }
  return access;
}
