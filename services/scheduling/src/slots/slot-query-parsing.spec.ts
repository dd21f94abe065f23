import { ValidationError } from '@carebus/errors';
import { generateSlots } from './slot-generator';
import { SlotQuery, WeekTemplateBlock, WorkPlan } from './slot-types';

const block = (overrides: Partial<WeekTemplateBlock> = {}): WeekTemplateBlock => ({
  weekday: 1,
  start: '08:00',
  end: '10:00',
  appointmentTypeId: 'consult',
  ...overrides,
});

function query(overrides: Partial<SlotQuery> = {}): SlotQuery {
  return {
    timeZone: 'Europe/Oslo',
    workPlans: [{ from: '2026-03-02', to: '2026-03-08', templateBlocks: [block()] }],
    appointmentTypes: [{ id: 'consult', durationMinutes: 30 }],
    busy: [],
    from: new Date('2026-03-01T00:00:00Z'),
    to: new Date('2026-03-10T00:00:00Z'),
    ...overrides,
  };
}

function fieldErrors(q: SlotQuery): { field: string; message: string }[] {
  try {
    generateSlots(q);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('scheduling.invalid_work_plan');
    return (error as ValidationError).errors;
  }
  throw new Error('expected a ValidationError');
}

const plan = (templateBlocks: WeekTemplateBlock[], from = '2026-03-02', to = '2026-03-08'): WorkPlan => ({
  from,
  to,
  templateBlocks,
});

describe('generateSlots input validation', () => {
  it('rejects an unknown time zone', () => {
    expect(fieldErrors(query({ timeZone: 'Europe/Atlantis' }))).toEqual([
      { field: 'timeZone', message: "unknown time zone 'Europe/Atlantis'" },
    ]);
  });

  it('rejects a block with an unknown appointment type', () => {
    const q = query({ workPlans: [plan([block({ appointmentTypeId: 'surgery' })])] });
    expect(fieldErrors(q)).toEqual([
      {
        field: 'workPlans[0].templateBlocks[0].appointmentTypeId',
        message: "unknown appointment type 'surgery'",
      },
    ]);
  });

  it.each(['8:00', '24:00', '08:60', '08:00:00', 'noon', ''])("rejects the wall time '%s'", (start) => {
    const q = query({ workPlans: [plan([block({ start })])] });
    expect(fieldErrors(q)).toEqual([
      { field: 'workPlans[0].templateBlocks[0].start', message: 'must be HH:mm' },
    ]);
  });

  it.each([
    ['10:00', '10:00'],
    ['10:00', '09:00'],
  ])('rejects a block from %s to %s', (start, end) => {
    const q = query({ workPlans: [plan([block({ start, end })])] });
    expect(fieldErrors(q)).toEqual([
      { field: 'workPlans[0].templateBlocks[0].end', message: 'must be after start' },
    ]);
  });

  it('rejects a weekday outside 1–7', () => {
    const q = query({ workPlans: [plan([block({ weekday: 0 as 1 })])] });
    expect(fieldErrors(q)).toEqual([
      { field: 'workPlans[0].templateBlocks[0].weekday', message: 'must be 1 (Monday) to 7 (Sunday)' },
    ]);
  });

  it('rejects bad work plan dates and a reversed range', () => {
    expect(fieldErrors(query({ workPlans: [plan([block()], '2026-02-30', '2026-03-08')] }))).toEqual([
      { field: 'workPlans[0].from', message: 'must be YYYY-MM-DD' },
    ]);
    expect(fieldErrors(query({ workPlans: [plan([block()], '2026-03-08', '2026-03-02')] }))).toEqual([
      { field: 'workPlans[0].to', message: 'must not be before from' },
    ]);
  });

  it('rejects a non-positive or fractional duration and a duplicate type', () => {
    const q = query({
      appointmentTypes: [
        { id: 'consult', durationMinutes: 30 },
        { id: 'consult', durationMinutes: 15 },
        { id: 'zero', durationMinutes: 0 },
        { id: 'frac', durationMinutes: 7.5 },
      ],
    });
    expect(fieldErrors(q).map((e) => e.field)).toEqual([
      'appointmentTypes[1].id',
      'appointmentTypes[2].durationMinutes',
      'appointmentTypes[3].durationMinutes',
    ]);
  });

  it('rejects invalid dates and a busy interval that does not end after it starts', () => {
    const q = query({
      from: new Date('nope'),
      busy: [{ start: new Date('2026-03-02T08:00:00Z'), end: new Date('2026-03-02T08:00:00Z') }],
    });
    expect(fieldErrors(q)).toEqual([
      { field: 'from', message: 'invalid date' },
      { field: 'busy[0].end', message: 'must be after start' },
    ]);
  });

  it('rejects blocks that overlap on the same weekday, within a plan or across plans sharing a date', () => {
    expect(
      fieldErrors(query({ workPlans: [plan([block(), block({ start: '09:30', end: '11:00' })])] })),
    ).toEqual([
      { field: 'workPlans[0].templateBlocks[1]', message: 'overlaps workPlans[0].templateBlocks[0]' },
    ]);
    const other = plan([block({ start: '07:00', end: '08:30' })], '2026-03-01', '2026-03-02');
    expect(fieldErrors(query({ workPlans: [plan([block()]), other] }))).toEqual([
      { field: 'workPlans[1].templateBlocks[0]', message: 'overlaps workPlans[0].templateBlocks[0]' },
    ]);
  });

  it('accepts overlapping blocks when the plans share no date with that weekday', () => {
    const other = plan([block({ start: '07:00', end: '08:30' })], '2026-03-03', '2026-03-09');
    expect(() =>
      generateSlots(query({ workPlans: [plan([block()], '2026-03-02', '2026-03-08'), other] })),
    ).not.toThrow();
  });

  it('accepts blocks that only touch', () => {
    const q = query({ workPlans: [plan([block(), block({ start: '10:00', end: '11:00' })])] });
    expect(generateSlots(q)).toHaveLength(6);
  });

  it('reports every problem at once', () => {
    const q = query({
      timeZone: 'Nowhere/Else',
      workPlans: [plan([block({ start: 'x', appointmentTypeId: 'nope' })])],
    });
    expect(fieldErrors(q).map((e) => e.field)).toEqual([
      'timeZone',
      'workPlans[0].templateBlocks[0].start',
      'workPlans[0].templateBlocks[0].appointmentTypeId',
    ]);
  });
});
