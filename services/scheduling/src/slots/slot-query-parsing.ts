import type { FieldError } from '@carebus/errors';
import { invalidWorkPlan } from '../scheduling.errors';
import { DateTime, IANAZone } from 'luxon';
import { parseWallTime } from './local-wall-time';
import { SlotQuery, WeekTemplateBlock } from './slot-types';

export interface ParsedBlock {
  weekday: number;
  startMinute: number;
  endMinute: number;
  appointmentTypeId: string;
}

export interface ParsedWorkPlan {
  from: string;
  to: string;
  blocks: ParsedBlock[];
}

export interface ParsedSlotQuery {
  zone: IANAZone;
  plans: ParsedWorkPlan[];
  durationMinutes: Map<string, number>;
}

interface LocatedBlock {
  field: string;
  plan: ParsedWorkPlan;
  block: ParsedBlock;
}

/** Checks the whole query and reports every problem at once, or returns it in parsed form. */
export function parseSlotQuery(query: SlotQuery): ParsedSlotQuery {
  const errors: FieldError[] = [];
  if (!IANAZone.isValidZone(query.timeZone)) {
    errors.push({ field: 'timeZone', message: `unknown time zone '${query.timeZone}'` });
  }
  const durationMinutes = parseAppointmentTypes(query, errors);
  checkInstants(query, errors);
  const located: LocatedBlock[] = [];
  const plans = query.workPlans.map((plan, p) => {
    const field = `workPlans[${p}]`;
    if (!isIsoDate(plan.from)) errors.push({ field: `${field}.from`, message: 'must be YYYY-MM-DD' });
    if (!isIsoDate(plan.to)) errors.push({ field: `${field}.to`, message: 'must be YYYY-MM-DD' });
    if (isIsoDate(plan.from) && isIsoDate(plan.to) && plan.to < plan.from) {
      errors.push({ field: `${field}.to`, message: 'must not be before from' });
    }
    const parsed: ParsedWorkPlan = { from: plan.from, to: plan.to, blocks: [] };
    plan.templateBlocks.forEach((raw, b) => {
      const blockField = `${field}.templateBlocks[${b}]`;
      const block = parseBlock(raw, blockField, durationMinutes, errors);
      if (block) {
        parsed.blocks.push(block);
        located.push({ field: blockField, plan: parsed, block });
      }
    });
    return parsed;
  });
  if (errors.length === 0) checkNoOverlaps(located, errors);
  if (errors.length > 0) {
    throw invalidWorkPlan(errors);
  }
  return { zone: IANAZone.create(query.timeZone), plans, durationMinutes };
}

function parseAppointmentTypes(query: SlotQuery, errors: FieldError[]): Map<string, number> {
  const durations = new Map<string, number>();
  query.appointmentTypes.forEach((type, i) => {
    if (!Number.isInteger(type.durationMinutes) || type.durationMinutes <= 0) {
      errors.push({ field: `appointmentTypes[${i}].durationMinutes`, message: 'must be a positive integer' });
    } else if (durations.has(type.id)) {
      errors.push({ field: `appointmentTypes[${i}].id`, message: `duplicate appointment type '${type.id}'` });
    } else {
      durations.set(type.id, type.durationMinutes);
    }
  });
  return durations;
}

function checkInstants(query: SlotQuery, errors: FieldError[]): void {
  const instants: [string, Date | undefined][] = [
    ['from', query.from],
    ['to', query.to],
    ['now', query.now],
  ];
  for (const [field, value] of instants) {
    if (value !== undefined && Number.isNaN(value.getTime())) errors.push({ field, message: 'invalid date' });
  }
  query.busy.forEach((busy, i) => {
    if (Number.isNaN(busy.start.getTime()) || Number.isNaN(busy.end.getTime())) {
      errors.push({ field: `busy[${i}]`, message: 'invalid date' });
    } else if (busy.end <= busy.start) {
      errors.push({ field: `busy[${i}].end`, message: 'must be after start' });
    }
  });
}

function parseBlock(
  raw: WeekTemplateBlock,
  field: string,
  durations: Map<string, number>,
  errors: FieldError[],
): ParsedBlock | undefined {
  const startMinute = parseWallTime(raw.start);
  const endMinute = parseWallTime(raw.end);
  const before = errors.length;
  if (!Number.isInteger(raw.weekday) || raw.weekday < 1 || raw.weekday > 7) {
    errors.push({ field: `${field}.weekday`, message: 'must be 1 (Monday) to 7 (Sunday)' });
  }
  if (startMinute === undefined) errors.push({ field: `${field}.start`, message: 'must be HH:mm' });
  if (endMinute === undefined) errors.push({ field: `${field}.end`, message: 'must be HH:mm' });
  if (startMinute !== undefined && endMinute !== undefined && endMinute <= startMinute) {
    errors.push({ field: `${field}.end`, message: 'must be after start' });
  }
  if (!durations.has(raw.appointmentTypeId)) {
    errors.push({
      field: `${field}.appointmentTypeId`,
      message: `unknown appointment type '${raw.appointmentTypeId}'`,
    });
  }
  if (errors.length > before || startMinute === undefined || endMinute === undefined) return undefined;
  return { weekday: raw.weekday, startMinute, endMinute, appointmentTypeId: raw.appointmentTypeId };
}

/**
 * One calendar offers one thing at a time, so blocks that overlap on a date both plans cover are
 * rejected. Identical blocks (the same template in two plans) are allowed; they yield one slot.
 */
function checkNoOverlaps(located: LocatedBlock[], errors: FieldError[]): void {
  for (let i = 0; i < located.length; i++) {
    for (let j = i + 1; j < located.length; j++) {
      const a = located[i];
      const b = located[j];
      if (a.block.weekday !== b.block.weekday || !wallOverlap(a.block, b.block)) continue;
      if (isSameBlock(a.block, b.block) || !shareWeekday(a.plan, b.plan, a.block.weekday)) continue;
      errors.push({ field: b.field, message: `overlaps ${a.field}` });
    }
  }
}

function wallOverlap(a: ParsedBlock, b: ParsedBlock): boolean {
  return a.startMinute < b.endMinute && b.startMinute < a.endMinute;
}

function isSameBlock(a: ParsedBlock, b: ParsedBlock): boolean {
  return (
    a.startMinute === b.startMinute &&
    a.endMinute === b.endMinute &&
    a.appointmentTypeId === b.appointmentTypeId
  );
}

function shareWeekday(a: ParsedWorkPlan, b: ParsedWorkPlan, weekday: number): boolean {
  const first = DateTime.fromISO(a.from > b.from ? a.from : b.from, { zone: 'utc' });
  const last = DateTime.fromISO(a.to < b.to ? a.to : b.to, { zone: 'utc' });
  for (let day = first; day <= last && day < first.plus({ days: 7 }); day = day.plus({ days: 1 })) {
    if (day.weekday === weekday) return true;
  }
  return false;
}

function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text, { zone: 'utc' }).isValid;
}
