import { ValidationError } from '@carebus/errors';
import fc from 'fast-check';
import { INVALID_NATIONAL_ID, UNSUPPORTED_NATIONAL_ID } from '../scheduling.errors';
import { NATIONAL_ID_MESSAGES, NationalId } from './national-id';

// Independent of the code under test: appends both mod-11 check digits, or undefined when either
// remainder is 1 (such nine-digit prefixes are never issued).
function withCheckDigits(nineDigits: string): string | undefined {
  const mod11 = (digits: string, weights: number[]): number | undefined => {
    let sum = 0;
    for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * weights[i];
    const r = sum % 11;
    return r === 1 ? undefined : r === 0 ? 0 : 11 - r;
  };
  const k1 = mod11(nineDigits, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
  if (k1 === undefined) return undefined;
  const k2 = mod11(nineDigits + k1, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
  return k2 === undefined ? undefined : `${nineDigits}${k1}${k2}`;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * The first number whose check digits exist, trying individual numbers from `from` towards `to`
 * (both inclusive), so boundary cases stay inside the range they test.
 */
function validNumber(ddmmyy: string, from: number, to = from + 49): string {
  const step = to >= from ? 1 : -1;
  for (let individual = from; individual !== to + step; individual += step) {
    const full = withCheckDigits(`${ddmmyy}${pad(individual, 3)}`);
    if (full !== undefined) return full;
  }
  throw new Error('test setup: no individual number in range has valid check digits');
}

function rejection(raw: string): ValidationError {
  try {
    NationalId.parse(raw);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected parse to throw');
}

function expectRejected(raw: string, message: string, code = INVALID_NATIONAL_ID): void {
  const error = rejection(raw);
  expect(error.code).toBe(code);
  expect(error.kind).toBe('invalid');
  expect(error.errors).toEqual([{ field: 'nationalId', message }]);
  // Patient data must not leak into anything that may be logged or returned.
  const digits = raw.trim();
  if (digits.length > 0) {
    expect(error.message).not.toContain(digits);
    expect(JSON.stringify(error)).not.toContain(digits);
  }
}

describe('test helper withCheckDigits', () => {
  it('matches a hand computation', () => {
    // 010190124: k1 sum 0+7+0+1+72+0+4+10+8 = 102, 102 mod 11 = 3, k1 = 8;
    // 0101901248: k2 sum 0+4+0+2+63+0+5+8+12+16 = 110, 110 mod 11 = 0, k2 = 0.
    expect(withCheckDigits('010190124')).toBe('01019012480');
    // 010190123: k1 sum 100, 100 mod 11 = 1: no valid check digit.
    expect(withCheckDigits('010190123')).toBeUndefined();
  });
});

describe('NationalId.parse', () => {
  it('accepts a fødselsnummer', () => {
    const id = NationalId.parse('01019012480');
    expect(id.value).toBe('01019012480');
    expect(id.kind).toBe('fnr');
    expect(id.birthDate).toBe('1990-01-01');
  });

  it('trims surrounding whitespace', () => {
    expect(NationalId.parse('  01019012480\t').value).toBe('01019012480');
  });

  it('accepts a D-number (day + 40) and derives the real birth date', () => {
    const id = NationalId.parse(validNumber('410190', 100));
    expect(id.kind).toBe('dnr');
    expect(id.birthDate).toBe('1990-01-01');
  });

  it('accepts D-numbers up to day 71 (the 31st)', () => {
    const id = NationalId.parse(validNumber('711290', 100));
    expect(id.kind).toBe('dnr');
    expect(id.birthDate).toBe('1990-12-31');
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['10 digits', '0101901248'],
    ['12 digits', '010190124800'],
    ['a letter', '0101901248A'],
    ['an inner space', '010190 12480'],
    ['a dash', '010190-12480'],
    ['full-width digits', '０１０１９０１２４８０'],
  ])('rejects %s with the format message', (_case, raw) => {
    expectRejected(raw, NATIONAL_ID_MESSAGES.format);
  });

  it('rejects a wrong first check digit', () => {
    expectRejected('01019012490', NATIONAL_ID_MESSAGES.checkDigits);
  });

  it('rejects a wrong second check digit', () => {
    expectRejected('01019012481', NATIONAL_ID_MESSAGES.checkDigits);
  });

  it('rejects every candidate when the first remainder is 1 (prefix never issued)', () => {
    for (let k1 = 0; k1 <= 9; k1++) {
      for (let k2 = 0; k2 <= 9; k2++) {
        expectRejected(`010190123${k1}${k2}`, NATIONAL_ID_MESSAGES.checkDigits);
      }
    }
  });

  it('rejects H-numbers (month + 40) with their own code', () => {
    expectRejected(validNumber('014190', 100), NATIONAL_ID_MESSAGES.hNumber, UNSUPPORTED_NATIONAL_ID);
    expectRejected(validNumber('015290', 100), NATIONAL_ID_MESSAGES.hNumber, UNSUPPORTED_NATIONAL_ID);
  });

  it.each([
    ['day 00', '000190'],
    ['day 32', '320190'],
    ['day 40 (neither fnr nor D-number)', '400190'],
    ['D-number day 72', '720190'],
    ['month 00', '010090'],
    ['month 13', '011390'],
    ['31 April', '310490'],
    ['D-number for 30 February', '700290'],
    ['synthetic test number (month + 80)', '018190'],
  ])('rejects %s with the birth-date message', (_case, ddmmyy) => {
    expectRejected(validNumber(ddmmyy, 100), NATIONAL_ID_MESSAGES.birthDate);
  });

  it.each([
    ['500–749 with year 40–53', '010145', 600, 649],
    ['500–749 with year 53', '010153', 749, 700],
    ['500 with year 40', '010140', 500, 549],
    ['750–899 with year 54', '010154', 750, 799],
    ['750–899 with year 99', '010199', 899, 850],
  ])('rejects individual number %s with the century message', (_case, ddmmyy, from, to) => {
    expectRejected(validNumber(ddmmyy, from, to), NATIONAL_ID_MESSAGES.century);
  });

  it('throws a ValidationError in the DomainError family', () => {
    const error = rejection('123');
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe('The national identity number is not valid.');
  });
});

describe('century rules', () => {
  it.each([
    ['000–499 → 1900s', '010100', 0, 49, '1900-01-01'],
    ['000–499 → 1900s (year 99)', '010199', 499, 450, '1999-01-01'],
    ['000–499 → 1900s (year 39)', '010139', 200, 249, '1939-01-01'],
    ['500–749, year 54 → 1854', '010154', 500, 549, '1854-01-01'],
    ['500–749, year 99 → 1899', '010199', 749, 700, '1899-01-01'],
    ['500–999, year 00 → 2000', '010100', 500, 549, '2000-01-01'],
    ['500–999, year 39 → 2039', '010139', 999, 950, '2039-01-01'],
    ['750–899, year 20 → 2020', '010120', 750, 799, '2020-01-01'],
    ['900–999, year 40 → 1940', '010140', 900, 949, '1940-01-01'],
    ['900–999, year 99 → 1999', '010199', 999, 950, '1999-01-01'],
  ])('%s', (_case, ddmmyy, from, to, birthDate) => {
    expect(NationalId.parse(validNumber(ddmmyy, from, to)).birthDate).toBe(birthDate);
  });
});

describe('29 February', () => {
  it.each([
    ['1996 (leap)', '290296', 100, '1996-02-29'],
    ['2000 (leap: divisible by 400)', '290200', 500, '2000-02-29'],
    ['2024 (leap)', '290224', 500, '2024-02-29'],
    ['1896 (leap)', '290296', 600, '1896-02-29'],
    ['D-number in 2000', '690200', 500, '2000-02-29'],
  ])('is accepted in %s', (_case, ddmmyy, from, birthDate) => {
    expect(NationalId.parse(validNumber(ddmmyy, from)).birthDate).toBe(birthDate);
  });

  it.each([
    ['1900 (not leap: divisible by 100)', '290200', 100],
    ['1997', '290297', 100],
    ['2023', '290223', 500],
    ['1899', '290299', 600],
    ['D-number in 1900', '690200', 100],
  ])('is rejected in %s', (_case, ddmmyy, from) => {
    expectRejected(validNumber(ddmmyy, from), NATIONAL_ID_MESSAGES.birthDate);
  });
});

describe('masking and equality', () => {
  const id = NationalId.parse('01019012480');

  it('masks the personal number', () => {
    expect(id.masked()).toBe('010190*****');
  });

  it('does not expose the number through string conversion or JSON', () => {
    expect(`${id}`).toBe('010190*****');
    expect(JSON.stringify({ patient: id })).toBe('{"patient":"010190*****"}');
  });

  it('compares by value', () => {
    expect(id.equals(NationalId.parse(' 01019012480 '))).toBe(true);
    expect(id.equals(NationalId.parse(validNumber('010190', 125)))).toBe(false);
  });
});

describe('properties', () => {
  const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

  /** Individual-number ranges that encode each year (the inverse of the century rules). */
  const individualRanges = (year: number): [number, number][] => {
    if (year <= 1899) return [[500, 749]];
    if (year <= 1939) return [[0, 499]];
    if (year <= 1999)
      return [
        [0, 499],
        [900, 999],
      ];
    return [[500, 999]];
  };

  const validNumbers = fc
    .record({
      year: fc.integer({ min: 1854, max: 2039 }),
      month: fc.integer({ min: 1, max: 12 }),
      dayPick: fc.nat(),
      rangePick: fc.nat(),
      individualPick: fc.nat(),
      dnr: fc.boolean(),
    })
    .map(({ year, month, dayPick, rangePick, individualPick, dnr }) => {
      const day = 1 + (dayPick % daysIn(year, month));
      const ranges = individualRanges(year);
      const [low, high] = ranges[rangePick % ranges.length];
      const individual = low + (individualPick % (high - low + 1));
      const ddmmyy = `${pad(dnr ? day + 40 : day, 2)}${pad(month, 2)}${pad(year % 100, 2)}`;
      return {
        raw: withCheckDigits(`${ddmmyy}${pad(individual, 3)}`),
        birthDate: `${year}-${pad(month, 2)}-${pad(day, 2)}`,
        kind: dnr ? 'dnr' : 'fnr',
      };
    })
    .filter((n): n is { raw: string; birthDate: string; kind: string } => n.raw !== undefined);

  it('parses generated numbers and round-trips the birth date and kind', () => {
    fc.assert(
      fc.property(validNumbers, ({ raw, birthDate, kind }) => {
        const id = NationalId.parse(raw);
        expect(id.value).toBe(raw);
        expect(id.birthDate).toBe(birthDate);
        expect(id.kind).toBe(kind);
        expect(id.masked()).toBe(`${raw.slice(0, 6)}*****`);
      }),
      { numRuns: 500 },
    );
  });

  // Changing one digit by d (1 ≤ |d| ≤ 9) changes a check sum by w·d; each weight is 1–10 and 11 is
  // prime, so w·d ≢ 0 (mod 11) and the remainder changes. Remainders map one-to-one onto check
  // digits (0→0, 2..10→9..1, 1 has none), so the recomputed digit never matches: every single-digit
  // substitution is caught by the check digits alone, before any date rule.
  it('rejects every single-digit substitution with the check-digit message', () => {
    fc.assert(
      fc.property(validNumbers, ({ raw }) => {
        for (let position = 0; position < 11; position++) {
          for (let digit = 0; digit <= 9; digit++) {
            if (String(digit) === raw[position]) continue;
            const changed = `${raw.slice(0, position)}${digit}${raw.slice(position + 1)}`;
            const error = rejection(changed);
            expect(error.code).toBe(INVALID_NATIONAL_ID);
            expect(error.errors).toEqual([
              { field: 'nationalId', message: NATIONAL_ID_MESSAGES.checkDigits },
            ]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('either accepts or throws a national-id ValidationError for any 11 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{11}$/), (raw) => {
        try {
          const id = NationalId.parse(raw);
          expect(id.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          expect([INVALID_NATIONAL_ID, UNSUPPORTED_NATIONAL_ID]).toContain((error as ValidationError).code);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
