import { ValidationError } from '@carebus/errors';
import fc from 'fast-check';
import { INVALID_TIME_RANGE } from '../scheduling.errors';
import { TimeRange } from './time-range';

const at = (hhmm: string) => new Date(`2026-01-01T${hhmm}:00.000Z`);
const range = (from: string, to: string) => new TimeRange(at(from), at(to));

function rejection(build: () => unknown): ValidationError {
  try {
    build();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('TimeRange construction', () => {
  it('keeps start and end', () => {
    const r = range('10:00', '10:30');
    expect(r.start.toISOString()).toBe('2026-01-01T10:00:00.000Z');
    expect(r.end.toISOString()).toBe('2026-01-01T10:30:00.000Z');
  });

  it('rejects an invalid start', () => {
    const error = rejection(() => new TimeRange(new Date('nonsense'), at('10:00')));
    expect(error.code).toBe(INVALID_TIME_RANGE);
    expect(error.errors).toEqual([{ field: 'start', message: 'start must be a valid date.' }]);
  });

  it('rejects an invalid end', () => {
    const error = rejection(() => new TimeRange(at('10:00'), new Date(NaN)));
    expect(error.errors).toEqual([{ field: 'end', message: 'end must be a valid date.' }]);
  });

  it('reports both fields when both are invalid', () => {
    const error = rejection(() => new TimeRange(new Date(NaN), new Date(NaN)));
    expect(error.errors.map((e) => e.field)).toEqual(['start', 'end']);
  });

  it.each([
    ['equal to start', '10:00'],
    ['before start', '09:59'],
  ])('rejects an end %s', (_case, end) => {
    const error = rejection(() => range('10:00', end));
    expect(error.code).toBe(INVALID_TIME_RANGE);
    expect(error.message).toBe('The time range is not valid.');
    expect(error.errors).toEqual([{ field: 'end', message: 'end must be after start.' }]);
  });

  it('is not changed by mutating the dates passed in or handed out', () => {
    const start = at('10:00');
    const r = new TimeRange(start, at('11:00'));
    start.setUTCHours(12);
    r.end.setUTCHours(23);
    expect(r.toPostgresRange()).toBe('[2026-01-01T10:00:00.000Z,2026-01-01T11:00:00.000Z)');
  });
});

describe('TimeRange.fromIso', () => {
  it('reads UTC instants', () => {
    expect(TimeRange.fromIso('2026-01-01T10:00:00Z', '2026-01-01T10:30:00.000Z').toPostgresRange()).toBe(
      '[2026-01-01T10:00:00.000Z,2026-01-01T10:30:00.000Z)',
    );
  });

  it('applies explicit offsets', () => {
    expect(TimeRange.fromIso('2026-01-01T11:00+01:00', '2026-07-01T12:00:00-02:30').toPostgresRange()).toBe(
      '[2026-01-01T10:00:00.000Z,2026-07-01T14:30:00.000Z)',
    );
  });

  it.each([
    ['no offset (would be read in the server zone)', '2026-01-01T10:00:00'],
    ['a date only', '2026-01-01'],
    ['30 February (Date would roll it over to March)', '2026-02-30T10:00:00Z'],
    ['hour 24', '2026-01-01T24:00:00Z'],
    ['minute 60', '2026-01-01T10:60:00Z'],
    ['an offset hour of 24', '2026-01-01T10:00:00+24:00'],
    ['a space instead of T', '2026-01-01 10:00:00Z'],
    ['garbage', 'tomorrow'],
  ])('rejects %s', (_case, text) => {
    const error = rejection(() => TimeRange.fromIso(text, '2026-12-31T00:00:00Z'));
    expect(error.code).toBe(INVALID_TIME_RANGE);
    expect(error.errors).toEqual([
      {
        field: 'start',
        message: 'start must be an ISO 8601 date-time with an offset, e.g. 2026-01-01T10:00:00Z.',
      },
    ]);
  });

  it('accepts 29 February in a leap year only', () => {
    expect(() => TimeRange.fromIso('2028-02-29T10:00:00Z', '2028-02-29T11:00:00Z')).not.toThrow();
    expect(() => TimeRange.fromIso('2026-02-29T10:00:00Z', '2026-03-01T11:00:00Z')).toThrow(ValidationError);
  });

  it('reports both fields when both are malformed', () => {
    const error = rejection(() => TimeRange.fromIso('x', 'y'));
    expect(error.errors.map((e) => e.field)).toEqual(['start', 'end']);
  });

  it('rejects an end before start', () => {
    const error = rejection(() => TimeRange.fromIso('2026-01-01T10:00:00Z', '2026-01-01T10:30:00+01:00'));
    expect(error.errors).toEqual([{ field: 'end', message: 'end must be after start.' }]);
  });
});

describe('TimeRange measures', () => {
  it('gives the duration in minutes', () => {
    expect(range('10:00', '10:30').durationMinutes).toBe(30);
    expect(new TimeRange(at('10:00'), new Date(at('10:00').getTime() + 30_000)).durationMinutes).toBe(0.5);
  });

  it('renders a half-open tstzrange literal', () => {
    expect(range('10:00', '10:30').toPostgresRange()).toBe(
      '[2026-01-01T10:00:00.000Z,2026-01-01T10:30:00.000Z)',
    );
  });

  it('compares by value', () => {
    expect(range('10:00', '10:30').equals(range('10:00', '10:30'))).toBe(true);
    expect(range('10:00', '10:30').equals(range('10:00', '10:31'))).toBe(false);
  });
});

describe('TimeRange.overlaps', () => {
  const base = range('10:00', '11:00');

  it.each([
    ['touching at the end', '11:00', '12:00', false],
    ['touching at the start', '09:00', '10:00', false],
    ['disjoint', '12:00', '13:00', false],
    ['overlapping the start', '09:30', '10:01', true],
    ['overlapping the end', '10:59', '11:30', true],
    ['inside', '10:15', '10:45', true],
    ['around', '09:00', '12:00', true],
    ['identical', '10:00', '11:00', true],
  ])('%s → %s', (_case, from, to, expected) => {
    expect(base.overlaps(range(from, to))).toBe(expected);
  });
});

describe('TimeRange.contains', () => {
  const base = range('10:00', '11:00');

  it.each([
    ['itself', '10:00', '11:00', true],
    ['a range sharing the start', '10:00', '10:30', true],
    ['a range sharing the end', '10:30', '11:00', true],
    ['a range strictly inside', '10:15', '10:45', true],
    ['a range running past the end', '10:30', '11:01', false],
    ['a range starting before', '09:59', '10:30', false],
    ['a range around it', '09:00', '12:00', false],
    ['a touching range', '11:00', '12:00', false],
  ])('%s → %s', (_case, from, to, expected) => {
    expect(base.contains(range(from, to))).toBe(expected);
  });
});

describe('TimeRange properties', () => {
  // A few hours of minute-aligned instants, so touching and nested ranges come up often.
  const ranges = fc
    .tuple(fc.integer({ min: 0, max: 240 }), fc.integer({ min: 1, max: 120 }))
    .map(([startMinute, minutes]) => {
      const start = Date.UTC(2026, 0, 1) + startMinute * 60_000;
      return new TimeRange(new Date(start), new Date(start + minutes * 60_000));
    });

  it('overlaps is symmetric', () => {
    fc.assert(fc.property(ranges, ranges, (a, b) => a.overlaps(b) === b.overlaps(a)));
  });

  it('overlaps exactly when the ranges share an instant', () => {
    fc.assert(
      fc.property(ranges, ranges, (a, b) => {
        const sharedFrom = Math.max(a.start.getTime(), b.start.getTime());
        const sharedTo = Math.min(a.end.getTime(), b.end.getTime());
        return a.overlaps(b) === sharedFrom < sharedTo;
      }),
    );
  });

  it('a range that touches another never overlaps it', () => {
    fc.assert(
      fc.property(ranges, fc.integer({ min: 1, max: 120 }), (a, minutes) => {
        const next = new TimeRange(a.end, new Date(a.end.getTime() + minutes * 60_000));
        return !a.overlaps(next) && !next.overlaps(a);
      }),
    );
  });

  it('containment implies overlap, and mutual containment means equality', () => {
    fc.assert(
      fc.property(ranges, ranges, (a, b) => {
        if (a.contains(b) && !a.overlaps(b)) return false;
        return (a.contains(b) && b.contains(a)) === a.equals(b);
      }),
    );
  });
});
