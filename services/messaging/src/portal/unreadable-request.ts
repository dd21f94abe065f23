import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { MethodDefinition, PackageDefinition } from '@grpc/proto-loader';
import type { Observable } from 'rxjs';
import { ValidationError } from '@carebus/errors';

/** Marks a request whose bytes are not its message. */
const UNREADABLE = Symbol('unreadable gRPC request');

/**
 * grpc-js answers INTERNAL when a request does not decode, as if the server were at fault. Each
 * method of `definition` decodes such bytes to a marker instead, which `RejectUnreadableRequest`
 * turns into INVALID_ARGUMENT once the caller is authenticated.
 */
export function tolerateUnreadableRequests(definition: PackageDefinition): PackageDefinition {
  for (const entry of Object.values(definition)) {
    if ('format' in entry) continue; // a message or enum type, not a service
    for (const method of Object.values(entry) as MethodDefinition<unknown, unknown>[]) {
      const decode = method.requestDeserialize;
      method.requestDeserialize = (bytes: Buffer) => {
        try {
          return decode(bytes);
        } catch {
          return { [UNREADABLE]: true };
        }
      };
    }
  }
  return definition;
}

export function isUnreadableRequest(request: unknown): boolean {
  return typeof request === 'object' && request !== null && UNREADABLE in request;
}

/** INVALID_ARGUMENT (`validation.failed`) for a request that did not decode. */
@Injectable()
export class RejectUnreadableRequest implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (isUnreadableRequest(context.switchToRpc().getData())) {
      throw new ValidationError([
        { field: 'request', message: 'request is not a valid protobuf message of its type' },
      ]);
    }
    return next.handle();
  }
}
