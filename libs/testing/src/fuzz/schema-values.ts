import fc from 'fast-check';
import { hostileValue, oneIn, PROTOTYPE_KEYS, withOwnKey } from './hostile-values';
import type { JsonSchema } from './openapi-operations';

/** Values of the world under test a valid request would use (ids of seeded rows, …). */
export interface KnownValues {
  /** Ids of rows that exist, used wherever a schema or parameter wants a UUID. */
  ids: readonly string[];
  /** Values for parameters or properties by name, e.g. `{ kind: ['booking_confirmation'] }`. */
  byName?: Readonly<Record<string, readonly string[]>>;
}

const stringOf = (schema: JsonSchema, name: string, known: KnownValues): fc.Arbitrary<unknown> => {
  const named = known.byName?.[name];
  if (named?.length) return fc.constantFrom(...named);
  if (schema.format === 'uuid' || /(^id|Id)$/.test(name)) {
    return known.ids.length ? fc.oneof(fc.constantFrom(...known.ids), fc.uuid()) : fc.uuid();
  }
  const min = new Date('2020-01-01T00:00:00Z');
  const max = new Date('2030-12-31T00:00:00Z');
  if (schema.format === 'date-time')
    return fc.date({ min, max, noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.format === 'date')
    return fc.date({ min, max, noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (schema.format === 'email') return fc.emailAddress();
  const free = fc.string({
    minLength: schema.minLength ?? 0,
    maxLength: Math.min(schema.maxLength ?? 40, 40),
  });
  return typeof schema.example === 'string' ? fc.oneof(fc.constant(schema.example), free) : free;
};

/** A value that fits `schema` (mostly: free-text patterns are not honoured), for property `name`. */
export function schemaValue(schema: JsonSchema, known: KnownValues, name = ''): fc.Arbitrary<unknown> {
  const base = validValue(schema, known, name);
  return schema.nullable
    ? fc.oneof({ weight: 4, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) })
    : base;
}

function validValue(schema: JsonSchema, known: KnownValues, name: string): fc.Arbitrary<unknown> {
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants?.length) return fc.oneof(...variants.map((s) => schemaValue(s, known, name)));
  switch (schema.type) {
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(schemaValue(schema.items ?? {}, known, name), { maxLength: 3 });
    case 'object':
      return objectValue(schema, known, () => schemaValue);
    case 'string':
      return stringOf(schema, name, known);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/**
 * A request body for `schema`, each property valid, wrong (a hostile value of any type) or left
 * out, with unknown fields and prototype keys added now and then.
 */
export function mutatedBody(schema: JsonSchema, known: KnownValues): fc.Arbitrary<unknown> {
  if (schema.type !== 'object' && !schema.properties) {
    return fc.oneof(
      { weight: 3, arbitrary: schemaValue(schema, known) },
      { weight: 1, arbitrary: hostileValue() },
    );
  }
  const property = (s: JsonSchema, known: KnownValues, name: string) =>
    fc.oneof({ weight: 5, arbitrary: schemaValue(s, known, name) }, { weight: 1, arbitrary: hostileValue() });
  return fc
    .tuple(
      objectValue(schema, known, () => property),
      oneIn(
        5,
        fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), hostileValue(), { maxKeys: 3 }),
        null,
      ),
      oneIn(
        6,
        fc.tuple(
          fc.constantFrom(...PROTOTYPE_KEYS),
          fc.constantFrom({ polluted: true }, { prototype: { polluted: true } }, 'x'),
        ),
        null,
      ),
      oneIn(6, fc.nat(), null),
    )
    .map(([body, unknown, prototypeKey, dropped]) => {
      const object = { ...(unknown ?? {}), ...(body as Record<string, unknown>) };
      const required = schema.required ?? [];
      if (dropped !== null && required.length > 0) delete object[required[dropped % required.length]!];
      return prototypeKey ? withOwnKey(object, prototypeKey[0], prototypeKey[1]) : object;
    });
}

type PropertyArbitrary = (schema: JsonSchema, known: KnownValues, name: string) => fc.Arbitrary<unknown>;

function objectValue(
  schema: JsonSchema,
  known: KnownValues,
  property: () => PropertyArbitrary,
): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const model = Object.fromEntries(
    Object.entries(properties).map(([key, s]) => [key, property()(s, known, key)]),
  );
  return fc.record(model, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
}
