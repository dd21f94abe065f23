import { UnprocessableError } from '@carebus/errors';
import type { SlotSource } from '../slots/slot-source.repository';
import { generateSlots } from '../slots/slot-generator';
import { slotTaken } from '../appointments/appointments.repository';

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
  if (!offered([])) {
    throw new UnprocessableError(
      'scheduling.not_a_slot',
      'The work plan offers no slot of this appointment type at this time.',
    );
  }
  if (!offered(source.busy)) throw slotTaken();
}
