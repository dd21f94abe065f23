import { credentials, Client, Metadata, status as Status, type ServiceError } from '@grpc/grpc-js';
import type { GrpcCase } from './grpc-case';
import type { GrpcMethod } from './grpc-methods';

export interface GrpcAnswer {
  code: number;
  details: string;
  /** A server stream the fuzzer ended itself after a moment (its CANCELLED is not the server's). */
  cancelledByClient: boolean;
}

/** How long a server stream runs before the fuzzer hangs up on it. */
const STREAM_MS = 300;

const identity = (b: Buffer) => b;

/**
 * Sends a case as bytes (a message case is encoded first, so an encoding problem is the
 * generator's, never reported as the server's INTERNAL) and answers the final status.
 */
export function sendGrpcCase(
  client: Client,
  method: GrpcMethod,
  c: GrpcCase,
  authorization: string | undefined,
): Promise<GrpcAnswer> {
  const bytes = c.request.kind === 'bytes' ? c.request.bytes : method.serialize(c.request.value);
  const md = new Metadata();
  if (authorization !== undefined) md.set('authorization', authorization);
  for (const [key, value] of Object.entries(c.metadata)) md.set(key, value);
  const options = { deadline: Date.now() + 10_000 };
  return new Promise((resolve) => {
    if (!method.serverStream) {
      client.makeUnaryRequest(
        method.path,
        identity,
        identity,
        bytes,
        md,
        options,
        (error: ServiceError | null) =>
          resolve({
            code: error?.code ?? Status.OK,
            details: error?.details ?? '',
            cancelledByClient: false,
          }),
      );
      return;
    }
    let cancelled = false;
    const call = client.makeServerStreamRequest(method.path, identity, identity, bytes, md, options);
    const timer = setTimeout(() => {
      cancelled = true;
      call.cancel();
    }, STREAM_MS);
    call.on('data', () => undefined);
    call.on('error', () => undefined); // the status event carries it
    call.on('status', (s: { code: number; details: string }) => {
      clearTimeout(timer);
      resolve({ code: s.code, details: s.details, cancelledByClient: cancelled });
    });
  });
}

export function grpcClient(address: string): Client {
  return new Client(address, credentials.createInsecure());
}

/** The statuses a request of any shape may get; never INTERNAL, UNKNOWN or the like. */
export const ACCEPTED_GRPC_STATUSES: readonly number[] = [
  Status.OK,
  Status.INVALID_ARGUMENT,
  Status.NOT_FOUND,
  Status.PERMISSION_DENIED,
  Status.UNAUTHENTICATED,
  Status.FAILED_PRECONDITION,
  Status.ALREADY_EXISTS,
  Status.RESOURCE_EXHAUSTED,
];

export function grpcVerdict(answer: GrpcAnswer): string | undefined {
  if (ACCEPTED_GRPC_STATUSES.includes(answer.code)) return undefined;
  if (answer.code === Status.CANCELLED && answer.cancelledByClient) return undefined;
  return `answered ${Status[answer.code] ?? answer.code} (${answer.details})`;
}
