import { DateTime, IANAZone } from 'luxon';
import { wallTimeToInstant } from './local-wall-time';
import { ParsedWorkPlan } from './slot-query-parsing';

/** A template block placed on one local date, as a half-open range of instants (epoch ms). */
export interface DayBlock {
  start: number;
  end: number;
  appointmentTypeId: string;
}

/**
 * Every block the work plans place on local dates `firstDate`…`lastDate` (inclusive), turned into
 * instants in the clinic's zone. A block the same template puts on a date twice (two plans covering
 * that date) comes out once. A block lying wholly inside a spring-forward gap comes out empty.
 */
export function localDayBlocks(
  zone: IANAZone,
  plans: ParsedWorkPlan[],
  firstDate: string,
  lastDate: string,
): DayBlock[] {
  const seen = new Set<string>();
  const blocks: DayBlock[] = [];
  for (const plan of plans) {
    const from = DateTime.fromISO(plan.from > firstDate ? plan.from : firstDate, { zone: 'utc' });
    const to = DateTime.fromISO(plan.to < lastDate ? plan.to : lastDate, { zone: 'utc' });
    for (let day = from; day <= to; day = day.plus({ days: 1 })) {
      const date = day.toISODate() as string;
      for (const block of plan.blocks) {
        const key = `${date}|${block.startMinute}|${block.endMinute}|${block.appointmentTypeId}`;
        if (block.weekday !== day.weekday || seen.has(key)) continue;
        seen.add(key);
        blocks.push({
          start: wallTimeToInstant(zone, date, block.startMinute),
          end: wallTimeToInstant(zone, date, block.endMinute),
          appointmentTypeId: block.appointmentTypeId,
        });
      }
    }
  }
  return blocks;
}
