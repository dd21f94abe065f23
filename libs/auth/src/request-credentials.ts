import type { ExecutionContext } from '@nestjs/common';
import type { Principal } from './principal';

/** Where a request carries its credentials, and where the guard leaves the verified principal. */
export interface RequestCredentials {
  authorization: string | undefined;
  attach(principal: Principal): void;
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

function isGrpcMetadata(value: unknown): value is GrpcMetadataLike {
  const candidate = value as Partial<GrpcMetadataLike> | null;
  return typeof candidate?.get === 'function' && typeof candidate.getMap === 'function';
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
    const metadata: unknown = context.switchToRpc().getContext();
    if (!isGrpcMetadata(metadata)) return null;
    const value = metadata.get('authorization')[0];
    return {
      authorization: typeof value === 'string' ? value : undefined,
      attach: (principal) => void grpcPrincipals.set(metadata, principal),
    };
  }
  return { authorization: undefined, attach: () => undefined };
}

/** The principal the guard attached to this request, if any. */
export function attachedPrincipal(context: ExecutionContext): Principal | undefined {
  if (context.getType<string>() === 'http') {
    return context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  }
  const rpcContext: unknown = context.switchToRpc().getContext();
  return typeof rpcContext === 'object' && rpcContext !== null ? grpcPrincipals.get(rpcContext) : undefined;
}
