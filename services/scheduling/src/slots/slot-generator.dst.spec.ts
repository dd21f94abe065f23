import { generateSlots } from './slot-generator';
import { SlotQuery, WeekTemplateBlock } from './slot-types';

// Europe/Oslo, 2026. Winter time CET = UTC+1, summer time CEST = UTC+2.
// Spring forward: Sunday 29 March, 02:00 CET → 03:00 CEST (at 01:00 UTC).
// Fall back: Sunday 25 October, 03:00 CEST → 02:00 CET (at 01:00 UTC).
// Expected instants below are worked out by hand from those offsets.

const types = [
  { id: 'hour', durationMinutes: 60 },
  { id: 'half', durationMinutes: 30 },
  { id: 'quarter', durationMinutes: 15 },
  { id: 'long', durationMinutes: 45 },
];

function slotsAround(sunday: string, blocks: WeekTemplateBlock[], extra: Partial<SlotQuery> = {}) {
  const day = new Date(`${sunday}T00:00:00Z`).getTime();
  return generateSlots({
    timeZone: 'Europe/Oslo',
    workPlans: [{ from: '2026-03-23', to: '2026-11-01', templateBlocks: blocks }],
    appointmentTypes: types,
    busy: [],
    from: new Date(day - 2 * 86_400_000),
    to: new Date(day + 2 * 86_400_000),
    ...extra,
  }).map((slot) => [slot.start.toISOString(), slot.end.toISOString(), slot.appointmentTypeId]);
}

const sunday = (start: string, end: string, appointmentTypeId: string): WeekTemplateBlock => ({
  weekday: 7,
  start,
  end,
  appointmentTypeId,
});

describe('generateSlots on the spring-forward day (29 March 2026)', () => {
  const day = '2026-03-29';

  it('makes a 01:00–04:00 block two real hours long', () => {
    expect(slotsAround(day, [sunday('01:00', '04:00', 'hour')])).toEqual([
      ['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z', 'hour'], // 01:00 CET
      ['2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z', 'hour'], // 03:00 CEST
    ]);
  });

  it('makes only whole slots out of the shortened block', () => {
    expect(slotsAround(day, [sunday('01:00', '04:00', 'long')])).toEqual([
      ['2026-03-29T00:00:00.000Z', '2026-03-29T00:45:00.000Z', 'long'],
      ['2026-03-29T00:45:00.000Z', '2026-03-29T01:30:00.000Z', 'long'],
    ]);
  });

  it('moves a start inside the gap (02:30) to the moment the clocks jump (03:00 CEST)', () => {
    expect(slotsAround(day, [sunday('02:30', '04:00', 'half')])).toEqual([
      ['2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z', 'half'],
      ['2026-03-29T01:30:00.000Z', '2026-03-29T02:00:00.000Z', 'half'],
    ]);
  });

  it('gives no slots for a block lying wholly inside the gap', () => {
    expect(slotsAround(day, [sunday('02:00', '02:45', 'quarter')])).toEqual([]);
  });

  it('keeps blocks that meet inside the gap from overlapping', () => {
    expect(slotsAround(day, [sunday('01:00', '02:30', 'half'), sunday('02:30', '04:00', 'half')])).toEqual([
      ['2026-03-29T00:00:00.000Z', '2026-03-29T00:30:00.000Z', 'half'],
      ['2026-03-29T00:30:00.000Z', '2026-03-29T01:00:00.000Z', 'half'],
      ['2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z', 'half'],
      ['2026-03-29T01:30:00.000Z', '2026-03-29T02:00:00.000Z', 'half'],
    ]);
  });

  it('uses CET the day before and CEST the day after', () => {
    const blocks = [6, 1].map((weekday) => ({
      weekday: weekday as 6 | 1,
      start: '09:00',
      end: '10:00',
      appointmentTypeId: 'hour',
    }));
    expect(slotsAround(day, blocks)).toEqual([
      ['2026-03-28T08:00:00.000Z', '2026-03-28T09:00:00.000Z', 'hour'],
      ['2026-03-30T07:00:00.000Z', '2026-03-30T08:00:00.000Z', 'hour'],
    ]);
  });
});

describe('generateSlots on the fall-back day (25 October 2026)', () => {
  const day = '2026-10-25';

  it('makes a 01:00–04:00 block four real hours long', () => {
    expect(slotsAround(day, [sunday('01:00', '04:00', 'hour')])).toEqual([
      ['2026-10-24T23:00:00.000Z', '2026-10-25T00:00:00.000Z', 'hour'], // 01:00 CEST
      ['2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z', 'hour'], // 02:00 CEST
      ['2026-10-25T01:00:00.000Z', '2026-10-25T02:00:00.000Z', 'hour'], // 02:00 CET
      ['2026-10-25T02:00:00.000Z', '2026-10-25T03:00:00.000Z', 'hour'], // 03:00 CET
    ]);
  });

  it('covers both occurrences of the repeated hour for a 02:00–03:00 block', () => {
    expect(slotsAround(day, [sunday('02:00', '03:00', 'half')]).map(([start]) => start)).toEqual([
      '2026-10-25T00:00:00.000Z', // 02:00 CEST
      '2026-10-25T00:30:00.000Z', // 02:30 CEST
      '2026-10-25T01:00:00.000Z', // 02:00 CET
      '2026-10-25T01:30:00.000Z', // 02:30 CET
    ]);
  });

  it('resolves a repeated wall time (02:30) to its first occurrence', () => {
    expect(slotsAround(day, [sunday('02:30', '02:45', 'quarter')])).toEqual([
      ['2026-10-25T00:30:00.000Z', '2026-10-25T00:45:00.000Z', 'quarter'],
    ]);
  });

  it('keeps blocks that meet inside the repeated hour from overlapping or duplicating', () => {
    const starts = slotsAround(day, [sunday('01:00', '02:30', 'half'), sunday('02:30', '04:00', 'half')]).map(
      ([start]) => start,
    );
    expect(starts).toEqual([
      '2026-10-24T23:00:00.000Z',
      '2026-10-24T23:30:00.000Z',
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T01:30:00.000Z',
      '2026-10-25T02:00:00.000Z',
      '2026-10-25T02:30:00.000Z',
    ]);
  });

  it('drops only the occurrence of 02:00 that is busy', () => {
    const busy = [{ start: new Date('2026-10-25T01:00:00Z'), end: new Date('2026-10-25T01:30:00Z') }];
    expect(slotsAround(day, [sunday('02:00', '03:00', 'half')], { busy }).map(([start]) => start)).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:30:00.000Z',
    ]);
  });

  it('uses CEST the day before and CET the day after', () => {
    const blocks = [6, 1].map((weekday) => ({
      weekday: weekday as 6 | 1,
      start: '09:00',
      end: '10:00',
      appointmentTypeId: 'hour',
    }));
    expect(slotsAround(day, blocks)).toEqual([
      ['2026-10-24T07:00:00.000Z', '2026-10-24T08:00:00.000Z', 'hour'],
      ['2026-10-26T08:00:00.000Z', '2026-10-26T09:00:00.000Z', 'hour'],
    ]);
  });
});

describe('generateSlots in America/New_York (spring forward 8 March 2026, 02:00 EST → 03:00 EDT)', () => {
  it('makes a 01:30–03:30 block one real hour long', () => {
    const slots = generateSlots({
      timeZone: 'America/New_York',
      workPlans: [
        { from: '2026-03-08', to: '2026-03-08', templateBlocks: [sunday('01:30', '03:30', 'half')] },
      ],
      appointmentTypes: types,
      busy: [],
      from: new Date('2026-03-07T00:00:00Z'),
      to: new Date('2026-03-10T00:00:00Z'),
    });
    // 01:30 EST = 06:30 UTC; 03:30 EDT = 07:30 UTC.
    expect(slots.map((slot) => slot.start.toISOString())).toEqual([
      '2026-03-08T06:30:00.000Z',
      '2026-03-08T07:00:00.000Z',
    ]);
  });
});
