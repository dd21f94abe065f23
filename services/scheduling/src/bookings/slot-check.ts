import { notASlot, slotTaken } from '../scheduling.errors';
import { generateSlots } from '../slots/slot-generator';
import type { SlotSource } from '../slots/slot-source';

/**
 * An online booking must take a slot the work plan offers. A time the plan does not offer is 422;
 * a slot the plan offers but that is booked or unavailable is 409 `scheduling.slot_taken`, the
 * same answer the database gives a booking that loses a race.
 */
export function checkOfferedSlot(source: SlotSource, typeId: string, start: Date, end: Date): void {
  const query = {
    timeZone: source.timeZone,
    workPlans: source.workPlans,
    appointmentTypes: source.appointmentTypes,
    from: start,
    to: end,
    appointmentTypeId: typeId,
  };
  const offered = (busy: SlotSource['busy']) =>
    generateSlots({ ...query, busy }).some((slot) => slot.start.getTime() === start.getTime());
  if (!offered([])) throw notASlot();
  if (!offered(source.busy)) throw slotTaken();
}
