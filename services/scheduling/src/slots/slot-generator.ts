import { DateTime } from 'luxon';
import { localDayBlocks } from './local-day-blocks';
import { MINUTE_MS } from './local-wall-time';
import { parseSlotQuery } from './slot-query-parsing';
import { Slot, SlotQuery } from './slot-types';

/**
 * Free slots: the work plans' blocks cut into consecutive whole slots of each block's appointment
 * type, minus slots overlapping busy time (touching is fine), outside [from, to) or starting before
 * `now`. Sorted by start. Wall-clock times are resolved as described in `wallTimeToInstant`, so on
 * DST days a block lasts as many real minutes as the clocks allow and slots never overlap.
 * Throws `ValidationError` (code `scheduling.invalid_work_plan`) for invalid input.
 */
export function generateSlots(query: SlotQuery): Slot[] {
  const { zone, plans, durationMinutes } = parseSlotQuery(query);
  const windowStart = Math.max(query.from.getTime(), query.now?.getTime() ?? -Infinity);
  const windowEnd = query.to.getTime();
  if (windowStart >= windowEnd) return [];

  // One local day either side, so zones whose clocks jump around midnight lose no block.
  const firstDate = DateTime.fromMillis(windowStart, { zone }).minus({ days: 1 }).toISODate() as string;
  const lastDate = DateTime.fromMillis(windowEnd, { zone }).plus({ days: 1 }).toISODate() as string;
  const busy = query.busy.map((b) => ({ start: b.start.getTime(), end: b.end.getTime() }));

  const slots: Slot[] = [];
  for (const block of localDayBlocks(zone, plans, firstDate, lastDate)) {
    if (query.appointmentTypeId !== undefined && block.appointmentTypeId !== query.appointmentTypeId)
      continue;
    if (block.end <= windowStart || block.start >= windowEnd) continue;
    const step = (durationMinutes.get(block.appointmentTypeId) as number) * MINUTE_MS;
    const blockBusy = busy.filter((b) => b.start < block.end && block.start < b.end);
    for (let start = block.start; start + step <= block.end; start += step) {
      const end = start + step;
      if (start < windowStart || end > windowEnd) continue;
      if (blockBusy.some((b) => b.start < end && start < b.end)) continue;
      slots.push({ start: new Date(start), end: new Date(end), appointmentTypeId: block.appointmentTypeId });
    }
  }
  return slots.sort(
    (a, b) => a.start.getTime() - b.start.getTime() || a.appointmentTypeId.localeCompare(b.appointmentTypeId),
  );
}
