import fc from 'fast-check';
import type { Role } from '@carebus/auth';
import { credential, describeCredential, type Credential } from './credentials';
import type { GrpcField, GrpcMethod } from './grpc-methods';
import { hostileNumber, hostileString, oneIn } from './hostile-values';
import { clip } from './fuzz-report';
import type { KnownValues } from './schema-values';

/** One generated gRPC call: a request object (encoded as the service's own loader would) or raw bytes. */
export interface GrpcCase {
  credential: Credential;
  metadata: Record<string, string>;
  request: { kind: 'message'; value: Record<string, unknown> } | { kind: 'bytes'; bytes: Buffer };
}

const SECONDS = ['0', '-1', '-62135596801', '253402300800', '9223372036854775807', '-9223372036854775808'];
const NANOS = [-1, 1_000_000_000, 999_999_999, 2_147_483_647, -2_147_483_648];

function timestamp(): fc.Arbitrary<unknown> {
  const near = fc.integer({ min: 1_767_225_600, max: 1_830_297_600 }); // 2026–2028, inside seeded plans
  return fc.oneof(
    { weight: 4, arbitrary: near.map((s) => ({ seconds: String(s - (s % 900)), nanos: 0 })) },
    {
      weight: 2,
      arbitrary: fc.record({ seconds: fc.constantFrom(...SECONDS), nanos: fc.constantFrom(0, ...NANOS) }),
    },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

function fieldValue(field: GrpcField, known: KnownValues): fc.Arbitrary<unknown> {
  const one = ((): fc.Arbitrary<unknown> => {
    switch (field.type) {
      case 'TYPE_STRING': {
        const named = known.byName?.[field.name];
        const valid = named?.length
          ? fc.constantFrom(...named)
          : /(_id|Id)$/.test(field.name) && known.ids.length
            ? fc.constantFrom(...known.ids)
            : fc.string({ maxLength: 20 });
        return fc.oneof(
          { weight: 5, arbitrary: valid },
          { weight: 1, arbitrary: fc.uuid() },
          { weight: 3, arbitrary: hostileString() },
        );
      }
      case 'TYPE_ENUM':
        return fc.oneof(
          fc.constantFrom(...(field.enumValues ?? [0])),
          fc.constantFrom(-1, 99, 2_147_483_647),
        );
      case 'TYPE_BOOL':
        return fc.boolean();
      case 'TYPE_MESSAGE':
        if (field.message?.name === 'google.protobuf.Timestamp') return timestamp();
        // An element of a repeated message field is always a message (protobuf has no null element).
        return field.repeated
          ? messageValue(field.message?.fields ?? [], known)
          : fc.option(messageValue(field.message?.fields ?? [], known), { nil: undefined });
      default:
        return hostileNumber().map((n) => (/64/.test(field.type) ? String(Math.trunc(n)) : Math.trunc(n)));
    }
  })();
  return field.repeated ? fc.array(one, { maxLength: 3 }) : one;
}

function messageValue(fields: GrpcField[], known: KnownValues): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(Object.fromEntries(fields.map((f) => [f.name, fieldValue(f, known)])), {
    requiredKeys: [],
  });
}

/** Bytes that are not the message: random, or fields of the wrong wire type or cut short. */
function wrongBytes(method: GrpcMethod): fc.Arbitrary<Buffer> {
  const numbers = method.fields.map((f) => f.number);
  const record = fc
    .tuple(
      fc.constantFrom(...(numbers.length ? numbers : [1])),
      fc.integer({ min: 0, max: 7 }),
      fc.uint8Array({ maxLength: 12 }),
    )
    .map(([field, wire, payload]) =>
      Buffer.concat([Buffer.from([(field << 3) | wire]), Buffer.from(payload)]),
    );
  return fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b)),
    fc.array(record, { minLength: 1, maxLength: 4 }).map((parts) => Buffer.concat(parts)),
    // A length-delimited field whose length runs past the end.
    fc.constantFrom(...numbers.map((n) => Buffer.from([(n << 3) | 2, 0x7f, 0x61]))),
  );
}

/** Now and then a metadata entry that is huge, odd or a malformed trace context. */
function metadata(): fc.Arbitrary<Record<string, string>> {
  return oneIn<Record<string, string>, Record<string, string>>(
    5,
    fc.oneof(
      fc.constant<Record<string, string>>({ 'x-fuzz-fill': 'a'.repeat(20_000) }),
      fc
        .string({ unit: 'grapheme-ascii', maxLength: 40 })
        .map((v) => ({ 'x-fuzz': v.replace(/[^\x20-\x7e]/g, '') })),
      fc.constantFrom<Record<string, string>>(
        { traceparent: '00-zzzz-yyyy-01' },
        { 'idempotency-key': 'x'.repeat(500) },
      ),
    ),
    {},
  );
}

/** The generator of a method's calls: mostly messages of every field value, some bytes that are not one. */
export function grpcCase(
  method: GrpcMethod,
  known: KnownValues,
  allowed: readonly Role[] | 'public',
): fc.Arbitrary<GrpcCase> {
  return fc.record({
    credential: credential(allowed),
    metadata: metadata(),
    request: fc.oneof(
      {
        weight: 8,
        arbitrary: messageValue(method.fields, known).map((value) => ({ kind: 'message' as const, value })),
      },
      { weight: 2, arbitrary: wrongBytes(method).map((bytes) => ({ kind: 'bytes' as const, bytes })) },
    ),
  });
}

/** The call as a failure report prints it: never the token itself. */
export function describeGrpcCase(method: GrpcMethod, c: GrpcCase): string {
  const request =
    c.request.kind === 'bytes'
      ? `bytes: ${c.request.bytes.toString('hex')}`
      : `message: ${clip(JSON.stringify(c.request.value), 2_000)}`;
  return [
    `${method.path}`,
    describeCredential(c.credential),
    ...Object.entries(c.metadata).map(([k, v]) => `${k}: ${clip(JSON.stringify(v), 200)}`),
    request,
  ].join('\n');
}
