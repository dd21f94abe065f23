import fc from 'fast-check';
import { generateSlots } from './slot-generator';
import { AppointmentTypeSpec, IsoWeekday, Slot, SlotQuery, WeekTemplateBlock, WorkPlan } from './slot-types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Independent model of Europe/Oslo since 1996 (EU rule): summer time CEST = UTC+2 from 01:00 UTC on
// the last Sunday of March to 01:00 UTC on the last Sunday of October, otherwise CET = UTC+1.
function lastSundayAt0100Utc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}
function osloOffset(t: number): number {
  const year = new Date(t).getUTCFullYear();
  return t >= lastSundayAt0100Utc(year, 2) && t < lastSundayAt0100Utc(year, 9) ? 2 * HOUR : HOUR;
}
/** The documented rule: the first instant at which Oslo's clock shows the wall time or later. */
function osloInstant(date: string, hhmm: string): number {
  const wall = Date.parse(`${date}T${hhmm}:00Z`);
  if (osloOffset(wall - 2 * HOUR) === 2 * HOUR) return wall - 2 * HOUR;
  if (osloOffset(wall - HOUR) === HOUR) return wall - HOUR;
  return lastSundayAt0100Utc(new Date(wall).getUTCFullYear(), 2); // in the spring gap
}

/** Block instant ranges of the model, one per (date, block), duplicates removed. */
function modelBlocks(q: SlotQuery): { start: number; end: number; appointmentTypeId: string }[] {
  const byKey = new Map<string, { start: number; end: number; appointmentTypeId: string }>();
  for (const plan of q.workPlans) {
    for (let t = Date.parse(`${plan.from}T00:00Z`); t <= Date.parse(`${plan.to}T00:00Z`); t += DAY) {
      const date = new Date(t).toISOString().slice(0, 10);
      const weekday = new Date(t).getUTCDay() || 7;
      for (const b of plan.templateBlocks.filter((x) => x.weekday === weekday)) {
        const start = osloInstant(date, b.start);
        const end = osloInstant(date, b.end);
        byKey.set(`${start}|${end}|${b.appointmentTypeId}`, {
          start,
          end,
          appointmentTypeId: b.appointmentTypeId,
        });
      }
    }
  }
  return [...byKey.values()];
}

function modelSlots(q: SlotQuery): string[] {
  const duration = new Map(q.appointmentTypes.map((t) => [t.id, t.durationMinutes * MINUTE]));
  const earliest = Math.max(q.from.getTime(), q.now?.getTime() ?? -Infinity);
  const out: string[] = [];
  for (const block of modelBlocks(q)) {
    if (q.appointmentTypeId !== undefined && q.appointmentTypeId !== block.appointmentTypeId) continue;
    const step = duration.get(block.appointmentTypeId) as number;
    for (let s = block.start; s + step <= block.end; s += step) {
      const overlapsBusy = q.busy.some((b) => b.start.getTime() < s + step && s < b.end.getTime());
      if (s >= earliest && s + step <= q.to.getTime() && !overlapsBusy)
        out.push(`${s}|${block.appointmentTypeId}`);
    }
  }
  return out.sort();
}

const toIso = (day: number) => new Date(day).toISOString().slice(0, 10);
const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

// Dates around the DST weekends of 2025–2027 and an ordinary summer week.
const anchors = ['2025-03-30', '2025-10-26', '2026-03-29', '2026-06-14', '2026-10-25', '2027-03-28'];
const typeIds = ['a', 'b', 'c'];

const typesArb = fc
  .tuple(
    ...typeIds.map(() =>
      fc.oneof(fc.constantFrom(10, 15, 20, 30, 45, 60, 90), fc.integer({ min: 1, max: 180 })),
    ),
  )
  .map((durations): AppointmentTypeSpec[] =>
    durations.map((d, i) => ({ id: typeIds[i], durationMinutes: d })),
  );

// Cut points biased towards 01:00–04:00, where the clocks change; consecutive cut points form
// non-overlapping (possibly touching) blocks, so every plan drawing from this pool is valid.
const minuteArb = fc.oneof(
  fc.integer({ min: 0, max: 1439 }),
  fc.integer({ min: 60, max: 240 }),
  fc.constantFrom(60, 90, 120, 150, 180, 210, 240),
);
const weekdayPoolArb = fc
  .tuple(
    fc.uniqueArray(minuteArb, { minLength: 2, maxLength: 6 }),
    fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    fc.array(fc.constantFrom(...typeIds), { minLength: 6, maxLength: 6 }),
  )
  .map(([cuts, keep, types]) => {
    const sorted = [...cuts].sort((x, y) => x - y);
    return sorted.slice(1).flatMap((end, i) => (keep[i] ? [{ start: sorted[i], end, type: types[i] }] : []));
  });
const poolArb = fc
  .tuple(...[1, 2, 3, 4, 5, 6, 7].map(() => weekdayPoolArb))
  .map((days): WeekTemplateBlock[] =>
    days.flatMap((blocks, i) =>
      blocks.map((b) => ({
        weekday: (i + 1) as IsoWeekday,
        start: hhmm(b.start),
        end: hhmm(b.end),
        appointmentTypeId: b.type,
      })),
    ),
  );

const queryArb = fc
  .record({
    anchor: fc.constantFrom(...anchors),
    types: typesArb,
    pool: poolArb,
    // A plan: first day relative to the anchor, length in days, and a bit mask picking pool blocks.
    plans: fc.array(fc.tuple(fc.integer({ min: -6, max: 1 }), fc.nat(10), fc.nat()), {
      minLength: 1,
      maxLength: 3,
    }),
    windowStartHours: fc.integer({ min: -80, max: 12 }),
    windowHours: fc.integer({ min: 1, max: 240 }),
    busy: fc.array(fc.tuple(fc.integer({ min: -600, max: 12_000 }), fc.integer({ min: 1, max: 240 })), {
      maxLength: 12,
    }),
    nowHours: fc.option(fc.integer({ min: -100, max: 100 }), { nil: undefined, freq: 2 }),
    appointmentTypeId: fc.option(fc.constantFrom(...typeIds), { nil: undefined, freq: 2 }),
  })
  .map((r): SlotQuery => {
    const anchorDay = Date.parse(`${r.anchor}T00:00Z`);
    const from = anchorDay + r.windowStartHours * HOUR;
    const workPlans = r.plans.map(([startDay, days, pick]): WorkPlan => ({
      from: toIso(anchorDay + startDay * DAY),
      to: toIso(anchorDay + (startDay + days) * DAY),
      templateBlocks: r.pool.filter((_, i) => ((pick >>> (i % 31)) & 1) === 1),
    }));
    return {
      timeZone: 'Europe/Oslo',
      workPlans,
      appointmentTypes: r.types,
      busy: r.busy.map(([at, minutes]) => ({
        start: new Date(from + at * MINUTE),
        end: new Date(from + (at + minutes) * MINUTE),
      })),
      from: new Date(from),
      to: new Date(from + r.windowHours * HOUR),
      now: r.nowHours === undefined ? undefined : new Date(anchorDay + r.nowHours * HOUR),
      appointmentTypeId: r.appointmentTypeId,
    };
  });

// The night of a clock change only: touching blocks cut at quarter hours between 00:00 and 05:00.
const dstNightArb = fc
  .record({
    sunday: fc.constantFrom('2025-03-30', '2025-10-26', '2026-03-29', '2026-10-25', '2027-03-28'),
    types: typesArb,
    cuts: fc.uniqueArray(fc.integer({ min: 0, max: 20 }), { minLength: 2, maxLength: 8 }),
    blockTypes: fc.array(fc.constantFrom(...typeIds), { minLength: 8, maxLength: 8 }),
  })
  .map(({ sunday, types, cuts, blockTypes }): SlotQuery => {
    const sorted = [...cuts].sort((x, y) => x - y).map((q) => q * 15);
    const templateBlocks = sorted.slice(1).map((end, i): WeekTemplateBlock => ({
      weekday: 7,
      start: hhmm(sorted[i]),
      end: hhmm(end),
      appointmentTypeId: blockTypes[i],
    }));
    const day = Date.parse(`${sunday}T00:00Z`);
    return {
      timeZone: 'Europe/Oslo',
      workPlans: [{ from: sunday, to: sunday, templateBlocks }],
      appointmentTypes: types,
      busy: [],
      from: new Date(day - DAY),
      to: new Date(day + DAY),
    };
  });
const anyQueryArb = fc.oneof(queryArb, dstNightArb);

const runs = { numRuns: 400 };
const ms = (slot: Slot) => [slot.start.getTime(), slot.end.getTime()] as const;

describe('generateSlots properties (Europe/Oslo, around DST weekends)', () => {
  it('(a) no slot overlaps a busy interval', () => {
    fc.assert(
      fc.property(anyQueryArb, (q) => {
        for (const slot of generateSlots(q)) {
          const [s, e] = ms(slot);
          expect(q.busy.some((b) => b.start.getTime() < e && s < b.end.getTime())).toBe(false);
        }
      }),
      runs,
    );
  });

  it('(b) every slot lies inside the instant range of a work plan block of its type', () => {
    fc.assert(
      fc.property(anyQueryArb, (q) => {
        const blocks = modelBlocks(q);
        for (const slot of generateSlots(q)) {
          const [s, e] = ms(slot);
          const inside = blocks.some(
            (b) => b.appointmentTypeId === slot.appointmentTypeId && b.start <= s && e <= b.end,
          );
          expect(inside).toBe(true);
        }
      }),
      runs,
    );
  });

  it('(c) slots are sorted by start and never overlap each other', () => {
    fc.assert(
      fc.property(anyQueryArb, (q) => {
        const slots = generateSlots(q);
        for (let i = 1; i < slots.length; i++) {
          expect(slots[i - 1].end.getTime()).toBeLessThanOrEqual(slots[i].start.getTime());
        }
      }),
      runs,
    );
  });

  it("(d) every slot lasts its type's duration in real minutes", () => {
    fc.assert(
      fc.property(anyQueryArb, (q) => {
        const duration = new Map(q.appointmentTypes.map((t) => [t.id, t.durationMinutes]));
        for (const slot of generateSlots(q)) {
          const [s, e] = ms(slot);
          expect((e - s) / MINUTE).toBe(duration.get(slot.appointmentTypeId));
        }
      }),
      runs,
    );
  });

  it('(e) slots respect the window, now and the type filter', () => {
    fc.assert(
      fc.property(anyQueryArb, (q) => {
        for (const slot of generateSlots(q)) {
          const [s, e] = ms(slot);
          expect(s).toBeGreaterThanOrEqual(Math.max(q.from.getTime(), q.now?.getTime() ?? -Infinity));
          expect(e).toBeLessThanOrEqual(q.to.getTime());
          if (q.appointmentTypeId !== undefined) expect(slot.appointmentTypeId).toBe(q.appointmentTypeId);
        }
      }),
      runs,
    );
  });

  it('(f) the slots are exactly those of an independent model using the EU summer-time rule', () => {
    fc.assert(
      fc.property(anyQueryArb, (q) => {
        const actual = generateSlots(q).map((slot) => `${slot.start.getTime()}|${slot.appointmentTypeId}`);
        expect([...actual].sort()).toEqual(modelSlots(q));
      }),
      runs,
    );
  });
});

describe('generateSlots properties (other zones with DST)', () => {
  // Spring and autumn changes of 2026; Lord Howe moves by 30 minutes, Santiago at midnight.
  const zoneArb = fc.constantFrom(
    { zone: 'America/New_York', anchors: ['2026-03-08', '2026-11-01'] },
    { zone: 'Australia/Lord_Howe', anchors: ['2026-04-05', '2026-10-04'] },
    { zone: 'America/Santiago', anchors: ['2026-04-05', '2026-09-06'] },
  );

  it('slots never overlap each other or busy time and last their duration', () => {
    fc.assert(
      fc.property(queryArb, zoneArb, fc.nat(1), (base, { zone, anchors: zoneAnchors }, pick) => {
        const shift = Date.parse(`${zoneAnchors[pick]}T00:00Z`) - Date.parse('2026-03-29T00:00Z');
        const move = (d: Date) => new Date(d.getTime() + shift);
        const moveDate = (d: string) => toIso(Date.parse(`${d}T00:00Z`) + shift);
        const q: SlotQuery = {
          ...base,
          timeZone: zone,
          workPlans: base.workPlans.map((p) => ({ ...p, from: moveDate(p.from), to: moveDate(p.to) })),
          busy: base.busy.map((b) => ({ start: move(b.start), end: move(b.end) })),
          from: move(base.from),
          to: move(base.to),
          now: base.now && move(base.now),
        };
        const duration = new Map(q.appointmentTypes.map((t) => [t.id, t.durationMinutes]));
        const slots = generateSlots(q);
        slots.forEach((slot, i) => {
          const [s, e] = ms(slot);
          expect((e - s) / MINUTE).toBe(duration.get(slot.appointmentTypeId));
          expect(q.busy.some((b) => b.start.getTime() < e && s < b.end.getTime())).toBe(false);
          if (i > 0) expect(slots[i - 1].end.getTime()).toBeLessThanOrEqual(s);
        });
      }),
      { numRuns: 200 },
    );
  });
});
