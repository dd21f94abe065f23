import fc from 'fast-check';

/** Longer than any field allows, far below the body limit. */
const LONG = 100_000;
/** Nesting a recursive parser or validator may not survive. */
export const DEEP = 5_000;

/**
 * Strings a field should refuse or store faithfully, never trip over; at most `maxLength` long
 * (URLs and headers have size limits of their own, tested on purpose elsewhere).
 */
export function hostileString(maxLength = LONG): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.constantFrom(
        '',
        ' ',
        '\t\n',
        'a\u0000b',
        '\u0000',
        'x'.repeat(LONG),
        'ø'.repeat(LONG / 2),
        '\u202Eevil\u202C',
        '\u200B',
        'e\u0301\u0301\u0301',
        '🦷🩺👩🏽‍⚕️',
        '\uD800',
        "' OR 1=1 --",
        '"; DROP TABLE x; --',
        '../../../../etc/passwd',
        '%s%s%n',
        '${jndi:ldap://x}',
        '{{7*7}}',
        '<script>alert(1)</script>',
        '__proto__',
        'constructor',
        'prototype',
        'null',
        'undefined',
        'NaN',
        '-0',
        '1e309',
        '9223372036854775808',
        '2026-02-30',
        '2026-13-01T25:61:61Z',
        '0000-01-01T00:00:00Z',
        '+275760-09-13T00:00:00.001Z',
        '00000000-0000-0000-0000-000000000000',
        'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
        '{a1b2c3d4-0000-4000-8000-000000000000}',
        'not-a-uuid',
      ),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
    )
    .map((s) => s.slice(0, maxLength));
}

/** Numbers at and beyond the edges of integer, float and date ranges. */
export function hostileNumber(): fc.Arbitrary<number> {
  return fc.oneof(
    fc.constantFrom(
      0,
      -0,
      -1,
      1,
      0.5,
      -2_147_483_649,
      2_147_483_647,
      2_147_483_648,
      Number.MAX_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER + 2,
      -Number.MAX_SAFE_INTEGER - 2,
      8.64e15 + 1,
      1e308,
      -1e308,
      5e-324,
    ),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  );
}

/** Any JSON value of the wrong kind for a field: every type, hostile strings and numbers. */
export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: hostileString() },
    { weight: 2, arbitrary: hostileNumber() },
    { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { a: 1 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

/** JSON text nested `DEEP` levels. */
export function deepJson(): fc.Arbitrary<string> {
  return fc.constantFrom(
    `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`,
    `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`,
    `{"name":${'['.repeat(DEEP)}${']'.repeat(DEEP)}}`,
  );
}

/** Text that is not JSON, or JSON that is not an object. */
export function malformedJson(): fc.Arbitrary<string> {
  return fc.constantFrom(
    '{',
    '{"a":',
    '[1,]',
    '{"a":1}}',
    "{'a':1}",
    '{"a":1,"a":2}',
    '{"a":NaN}',
    '{"a":1e400}',
    '{"a":"\\ud800"}',
    '{"a":"\\u0000"}',
    '\u0000',
    'null',
    'true',
    '"text"',
    '12',
    '[]',
    '\uFEFF{}',
  );
}

/** The keys JavaScript treats specially. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** `target` with `key` as an own, enumerable property, `__proto__` included (JSON.stringify writes it). */
export function withOwnKey(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  return target;
}

/** `arbitrary` in one case out of `oneIn`, else `otherwise` (fc.option's `freq` counts the other way). */
export function oneIn<T, U>(oneIn: number, arbitrary: fc.Arbitrary<T>, otherwise: U): fc.Arbitrary<T | U> {
  return fc.oneof({ weight: 1, arbitrary }, { weight: oneIn - 1, arbitrary: fc.constant(otherwise) });
}
