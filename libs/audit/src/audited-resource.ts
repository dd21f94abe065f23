import { SetMetadata } from '@nestjs/common';

export const AUDITED_RESOURCE = 'carebus:audit:resource';

/** How a route that reads or writes patient data names what a refused call asked for. */
export interface AuditedResourceOptions {
  /** The route parameter (REST) or request field (gRPC) holding the record's id; default `id`, null for none. */
  id?: string | null;
  /** The audit action, e.g. `appointment.book`; by default derived from the HTTP method and path. */
  action?: string;
  /**
   * A request header holding the caller's stated reason (break-glass, e.g. `Break-Glass-Reason`):
   * a refused call's row keeps it when it is a well-formed reason (`reasonFromHeader`). REST only.
   */
  reasonHeader?: string;
}

export interface AuditedResourceMark extends AuditedResourceOptions {
  resourceType: string;
}

/**
 * Marks a controller or handler as reading or writing patient data of `resourceType`: a 404 to
 * an authenticated caller there is audited as `denied` (a 403 is audited on every route).
 * A handler's mark replaces its controller's.
 */
export const AuditedResource = (
  resourceType: string,
  options: AuditedResourceOptions = {},
): MethodDecorator & ClassDecorator =>
  SetMetadata(AUDITED_RESOURCE, { resourceType, ...options } satisfies AuditedResourceMark);

/**
 * The action of a refused REST call when its mark names none: `<type>.read` / `.list` for GET
 * with and without an id, `.create` for POST without one, `.update` for PUT/PATCH, `.delete`, and
 * for a POST to `:id/<verb>` the verb (`appointment.no_show` for `POST :id/no-show`).
 */
export function defaultAction(
  resourceType: string,
  method: string,
  routePath: string,
  idParam: string | null,
): string {
  const segments = routePath.split('/').filter((s) => s !== '');
  const withId = idParam !== null && segments.includes(`:${idParam}`);
  const last = segments.at(-1) ?? '';
  const verb = (() => {
    switch (method.toUpperCase()) {
      case 'GET':
        return withId ? 'read' : 'list';
      case 'PUT':
      case 'PATCH':
        return 'update';
      case 'DELETE':
        return 'delete';
      default:
        return withId && !last.startsWith(':') ? last.replace(/-/g, '_') : 'create';
    }
  })();
  return `${resourceType}.${verb}`;
}
