import fc from 'fast-check';
import { deepJson, hostileString, hostileValue, malformedJson, oneIn } from './hostile-values';
import type { JsonSchema, ParameterSpec } from './openapi-operations';
import { mutatedBody, schemaValue, type KnownValues } from './schema-values';

/** Node's HTTP parser refuses a request line and headers beyond 16 KiB. */
export const HEADER_LIMIT = 16 * 1024;
/** The header that makes a request's head larger than Node accepts. */
export const FILL_HEADER = 'x-fuzz-fill';
/** Hostile URL text stays short: a head over 16 KiB is a case of its own (`FILL_HEADER`). */
const URL_TEXT = 100;
/** Raw path text a router must decode or refuse. */
const RAW_SEGMENTS = ['%', '%zz', '%00', '%E0%A4%A', '..', '.', '%2F', '%2e%2e', ';', '*'];

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Percent-encoding that survives lone surrogates (encodeURIComponent throws on them). */
export function encodeSegment(value: string): string {
  return encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD'));
}

/** A path segment: mostly a valid or known value, else a random id, hostile text or raw `%`-junk. */
export function pathSegment(param: ParameterSpec, known: KnownValues): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: schemaValue(param.schema, known, param.name).map((v) => encodeSegment(String(v))),
    },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 3, arbitrary: hostileString(URL_TEXT).map(encodeSegment) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
  );
}

type Pairs = [string, string][];

/** Query pairs: each declared parameter absent, valid, hostile or repeated; sometimes unknown ones. */
export function queryPairs(params: ParameterSpec[], known: KnownValues): fc.Arbitrary<Pairs> {
  const one = (p: ParameterSpec) =>
    fc.option(
      fc.oneof(
        {
          weight: 4,
          arbitrary: schemaValue(p.schema, known, p.name).map((v): Pairs => [[p.name, String(v)]]),
        },
        { weight: 2, arbitrary: hostileString(URL_TEXT).map((v): Pairs => [[p.name, v]]) },
        {
          weight: 1,
          arbitrary: fc.tuple(hostileString(URL_TEXT), hostileString(URL_TEXT)).map(([a, b]): Pairs => [
            [p.name, a],
            [p.name, b],
          ]),
        },
      ),
      { nil: [] as Pairs, freq: 3 },
    );
  const keys = fc.constantFrom(
    'x',
    '__proto__[polluted]',
    'constructor[prototype][x]',
    'limit[]',
    'a'.repeat(300),
  );
  const unknown = oneIn(
    5,
    fc.array(fc.tuple(keys, hostileString(URL_TEXT)), { minLength: 1, maxLength: 2 }),
    [] as Pairs,
  );
  return fc
    .tuple(fc.tuple(...params.map(one)), unknown)
    .map(([declared, extra]) => [...declared.flat(), ...extra]);
}

/** Printable Latin-1, all a header value may hold. */
export function headerText(maxLength: number): fc.Arbitrary<string> {
  const char = fc
    .integer({ min: 0x20, max: 0xff })
    .filter((c) => c !== 0x7f)
    .map((c) => String.fromCharCode(c));
  return fc.string({ unit: char, maxLength });
}

/** One header a service should shrug off or refuse with a problem. */
export function hostileHeader(): fc.Arbitrary<Record<string, string>> {
  const header = (name: string) => headerText(40).map((value): Record<string, string> => ({ [name]: value }));
  return fc.oneof(
    {
      weight: 1,
      arbitrary: fc.constant<Record<string, string>>({ [FILL_HEADER]: 'a'.repeat(HEADER_LIMIT + 1_000) }),
    },
    {
      weight: 3,
      arbitrary: fc.constantFrom<Record<string, string>>(
        { traceparent: '00-zzzz-yyyy-01' },
        { traceparent: `00-${'0'.repeat(32)}-${'0'.repeat(16)}-01` },
        { accept: 'text/html' },
        { accept: 'application/xml;q=1, */*;q=0' },
        { 'content-encoding': 'gzip' },
        { 'content-encoding': 'br-unknown' },
        { 'x-forwarded-for': 'not-an-ip, ::::' },
        { 'accept-language': '*;q=x' },
      ),
    },
    { weight: 2, arbitrary: header('x-fuzz') },
    { weight: 1, arbitrary: header('idempotency-key') },
    { weight: 1, arbitrary: header('content-type') },
  );
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8'];
const WRONG_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/octet-stream',
];

/** A body and its content type: mostly the schema, mutated; else wrong, broken, deep or huge JSON. */
export function requestBody(
  schema: JsonSchema | undefined,
  known: KnownValues,
): fc.Arbitrary<[string, string | undefined]> {
  const text = fc.oneof(
    { weight: 12, arbitrary: mutatedBody(schema ?? { type: 'object' }, known).map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: hostileValue().map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 2, arbitrary: malformedJson() },
    { weight: 1, arbitrary: deepJson() },
    { weight: 1, arbitrary: fc.constantFrom('', `{"x":"${'a'.repeat(1_100_000)}"}`) },
  );
  const type = fc.oneof(
    { weight: 14, arbitrary: fc.constantFrom<string | undefined>(...JSON_TYPES) },
    { weight: 3, arbitrary: fc.constantFrom<string | undefined>(...WRONG_TYPES) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  return fc.tuple(text, type);
}
