import type { ArgumentsHost, ExecutionContext, Type } from '@nestjs/common';
import type { Principal } from './principal';

/** Where a request carries its credentials, and where the guard leaves the verified principal. */
export interface RequestCredentials {
  authorization: string | undefined;
  attach(principal: Principal): void;
}

/** The controller class and handler method a call was routed to. */
export interface GuardedRoute {
  controller: Type;
  handler: ReturnType<ExecutionContext['getHandler']>;
}

/** The slice of an Express request the guard uses; `principal` is set after verification. */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

interface GrpcMetadataLike {
  get(key: string): unknown[];
  getMap(): unknown;
}

// gRPC has no request object to hang the principal on, so it is keyed by the call's metadata.
const grpcPrincipals = new WeakMap<object, Principal>();

// Exception filters are not told which handler a call was routed to, so the guard remembers it,
// keyed by the HTTP request or the gRPC call's metadata (what a filter's host holds).
const guardedRoutes = new WeakMap<object, GuardedRoute>();

function isGrpcMetadata(value: unknown): value is GrpcMetadataLike {
  const candidate = value as Partial<GrpcMetadataLike> | null;
  return typeof candidate?.get === 'function' && typeof candidate.getMap === 'function';
}

/**
 * The metadata of a gRPC call: the context argument of unary and Observable-stream handlers, or
 * the raw call's (`@GrpcStreamCall` handlers get the call and a callback, no metadata argument).
 */
function grpcMetadataOf(host: ArgumentsHost): GrpcMetadataLike | undefined {
  const context: unknown = host.switchToRpc().getContext();
  if (isGrpcMetadata(context)) return context;
  const call = host.getArgByIndex<{ metadata?: unknown } | undefined>(0);
  const metadata: unknown = typeof call === 'object' && call !== null ? call.metadata : undefined;
  return isGrpcMetadata(metadata) ? metadata : undefined;
}

/**
 * HTTP and gRPC calls carry a bearer token. Other RPC transports (Kafka messages) return null:
 * the broker authenticates those, and failing them here would drop events. Anything else gets
 * no credentials, so it is refused unless marked `@Public()`.
 */
export function requestCredentials(context: ExecutionContext): RequestCredentials | null {
  const type = context.getType<string>();
  if (type === 'http') {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers['authorization'];
    return {
      authorization: Array.isArray(header) ? header[0] : header,
      attach: (principal) => void (request.principal = principal),
    };
  }
  if (type === 'rpc') {
    const metadata = grpcMetadataOf(context);
    if (!metadata) return null;
    const value = metadata.get('authorization')[0];
    return {
      authorization: typeof value === 'string' ? value : undefined,
      attach: (principal) => void grpcPrincipals.set(metadata, principal),
    };
  }
  return { authorization: undefined, attach: () => undefined };
}

/** The principal the guard attached to this request, if any (also from an exception filter's host). */
export function attachedPrincipal(context: ArgumentsHost): Principal | undefined {
  if (context.getType<string>() === 'http') {
    return context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  }
  const carrier = callCarrier(context);
  return carrier ? grpcPrincipals.get(carrier) : undefined;
}

/** Remembers the route the guard judged, for filters that answer the call's errors. */
export function rememberRoute(context: ExecutionContext): void {
  const carrier = callCarrier(context);
  if (carrier) guardedRoutes.set(carrier, { controller: context.getClass(), handler: context.getHandler() });
}

/** The route the guard judged this call for; undefined when no guard ran (an unknown path). */
export function guardedRoute(host: ArgumentsHost): GuardedRoute | undefined {
  const carrier = callCarrier(host);
  return carrier ? guardedRoutes.get(carrier) : undefined;
}

/** The object that stands for one call: the HTTP request, or the gRPC call's metadata (else the RPC context). */
function callCarrier(host: ArgumentsHost): object | undefined {
  const carrier: unknown =
    host.getType<string>() === 'http'
      ? host.switchToHttp().getRequest()
      : (grpcMetadataOf(host) ?? host.switchToRpc().getContext());
  return typeof carrier === 'object' && carrier !== null ? carrier : undefined;
}
