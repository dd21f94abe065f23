import { generateSlots } from './slot-generator';
import { SlotQuery, WeekTemplateBlock } from './slot-types';

const consult = { id: 'consult', durationMinutes: 30 };
const checkup = { id: 'checkup', durationMinutes: 20 };

function query(overrides: Partial<SlotQuery> & { blocks?: WeekTemplateBlock[] } = {}): SlotQuery {
  const { blocks, ...rest } = overrides;
  return {
    timeZone: 'Europe/Oslo',
    // Monday 2 March – Sunday 8 March 2026: winter time, CET = UTC+1.
    workPlans: [
      {
        from: '2026-03-02',
        to: '2026-03-08',
        templateBlocks: blocks ?? [
          { weekday: 1, start: '08:00', end: '10:00', appointmentTypeId: 'consult' },
          { weekday: 3, start: '12:00', end: '13:00', appointmentTypeId: 'checkup' },
        ],
      },
    ],
    appointmentTypes: [consult, checkup],
    busy: [],
    from: new Date('2026-03-01T00:00:00Z'),
    to: new Date('2026-03-10T00:00:00Z'),
    ...rest,
  };
}

function starts(q: SlotQuery): string[] {
  return generateSlots(q).map((slot) => slot.start.toISOString());
}

describe('generateSlots in an ordinary week', () => {
  it('cuts each block into consecutive slots of its type, in UTC from CET wall times', () => {
    expect(generateSlots(query())).toEqual([
      {
        start: new Date('2026-03-02T07:00:00Z'),
        end: new Date('2026-03-02T07:30:00Z'),
        appointmentTypeId: 'consult',
      },
      {
        start: new Date('2026-03-02T07:30:00Z'),
        end: new Date('2026-03-02T08:00:00Z'),
        appointmentTypeId: 'consult',
      },
      {
        start: new Date('2026-03-02T08:00:00Z'),
        end: new Date('2026-03-02T08:30:00Z'),
        appointmentTypeId: 'consult',
      },
      {
        start: new Date('2026-03-02T08:30:00Z'),
        end: new Date('2026-03-02T09:00:00Z'),
        appointmentTypeId: 'consult',
      },
      {
        start: new Date('2026-03-04T11:00:00Z'),
        end: new Date('2026-03-04T11:20:00Z'),
        appointmentTypeId: 'checkup',
      },
      {
        start: new Date('2026-03-04T11:20:00Z'),
        end: new Date('2026-03-04T11:40:00Z'),
        appointmentTypeId: 'checkup',
      },
      {
        start: new Date('2026-03-04T11:40:00Z'),
        end: new Date('2026-03-04T12:00:00Z'),
        appointmentTypeId: 'checkup',
      },
    ]);
  });

  it('uses the summer offset (CEST = UTC+2) in June', () => {
    const q = query({
      workPlans: [
        {
          from: '2026-06-01',
          to: '2026-06-07',
          templateBlocks: [{ weekday: 1, start: '08:00', end: '09:00', appointmentTypeId: 'consult' }],
        },
      ],
      from: new Date('2026-06-01T00:00:00Z'),
      to: new Date('2026-06-08T00:00:00Z'),
    });
    expect(starts(q)).toEqual(['2026-06-01T06:00:00.000Z', '2026-06-01T06:30:00.000Z']);
  });

  it('makes only whole slots', () => {
    const q = query({ blocks: [{ weekday: 1, start: '08:00', end: '09:10', appointmentTypeId: 'consult' }] });
    expect(starts(q)).toEqual(['2026-03-02T07:00:00.000Z', '2026-03-02T07:30:00.000Z']);
  });

  it('drops slots overlapping busy time but keeps slots that only touch it', () => {
    const q = query({
      busy: [
        { start: new Date('2026-03-02T07:40:00Z'), end: new Date('2026-03-02T08:10:00Z') },
        { start: new Date('2026-03-04T11:40:00Z'), end: new Date('2026-03-04T13:00:00Z') },
      ],
    });
    expect(starts(q)).toEqual([
      '2026-03-02T07:00:00.000Z',
      '2026-03-02T08:30:00.000Z',
      '2026-03-04T11:00:00.000Z',
      '2026-03-04T11:20:00.000Z',
    ]);
  });

  it('keeps only slots lying wholly inside the window [from, to)', () => {
    const q = query({ from: new Date('2026-03-02T07:15:00Z'), to: new Date('2026-03-02T08:30:00Z') });
    expect(starts(q)).toEqual(['2026-03-02T07:30:00.000Z', '2026-03-02T08:00:00.000Z']);
  });

  it('returns nothing for an empty or reversed window', () => {
    expect(generateSlots(query({ to: new Date('2026-03-01T00:00:00Z') }))).toEqual([]);
    expect(generateSlots(query({ to: new Date('2026-02-01T00:00:00Z') }))).toEqual([]);
  });

  it('drops slots starting before now, keeping one that starts exactly at now', () => {
    expect(starts(query({ now: new Date('2026-03-02T07:45:00Z') }))[0]).toBe('2026-03-02T08:00:00.000Z');
    expect(starts(query({ now: new Date('2026-03-02T08:00:00Z') }))[0]).toBe('2026-03-02T08:00:00.000Z');
  });

  it('filters by appointment type', () => {
    expect(starts(query({ appointmentTypeId: 'checkup' }))).toEqual([
      '2026-03-04T11:00:00.000Z',
      '2026-03-04T11:20:00.000Z',
      '2026-03-04T11:40:00.000Z',
    ]);
  });

  it('treats a work plan range as inclusive on both ends', () => {
    const q = query({
      workPlans: [
        {
          from: '2026-03-02',
          to: '2026-03-09',
          templateBlocks: [{ weekday: 1, start: '08:00', end: '08:30', appointmentTypeId: 'consult' }],
        },
      ],
      from: new Date('2026-02-23T00:00:00Z'),
      to: new Date('2026-03-17T00:00:00Z'),
    });
    expect(starts(q)).toEqual(['2026-03-02T07:00:00.000Z', '2026-03-09T07:00:00.000Z']);
  });

  it('gives one slot when two plans cover a date with the same block', () => {
    const block: WeekTemplateBlock = {
      weekday: 1,
      start: '08:00',
      end: '08:30',
      appointmentTypeId: 'consult',
    };
    const q = query({
      workPlans: [
        { from: '2026-03-01', to: '2026-03-05', templateBlocks: [block] },
        { from: '2026-03-02', to: '2026-03-31', templateBlocks: [block] },
      ],
    });
    expect(starts(q)).toEqual(['2026-03-02T07:00:00.000Z', '2026-03-09T07:00:00.000Z']);
  });
});
