import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@carebus/auth';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { isClinicStaff, seesHidden } from '../appointments/appointment-access';
import { BookingContextRepository } from '../bookings/booking-context.repository';
import { appointmentTypeNotFound, calendarNotFound, slotWindowTooLarge } from '../scheduling.errors';
import { TimeRange } from '../shared/time-range';
import { generateSlots } from './slot-generator';
import { SlotSourceRepository } from './slot-source.repository';
import type { Slot } from './slot-types';

/** The longest window one slot query may ask for. */
export const MAX_SLOT_WINDOW_DAYS = 62;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface ListSlotsQuery {
  principal: Principal;
  clinicId: string;
  calendarId: string;
  window: TimeRange;
  appointmentTypeId?: string | undefined;
}

/**
 * Free slots of a calendar: work plan blocks minus appointments minus unavailable time. Patients,
 * guardians and partners see only what they could book online: online-bookable calendars,
 * patient-bookable types (never hidden ones for guardians and partners), within notice and horizon.
 */
@Injectable()
export class ListSlotsUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly source: SlotSourceRepository,
    private readonly context: BookingContextRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(q: ListSlotsQuery): Promise<Slot[]> {
    if (q.window.durationMinutes > MAX_SLOT_WINDOW_DAYS * 24 * 60) {
      throw slotWindowTooLarge(MAX_SLOT_WINDOW_DAYS);
    }
    return this.tenant.withTenant(q.clinicId, async (tx) => {
      const calendar = await this.context.calendar(tx, q.calendarId);
      const staff = isClinicStaff(q.principal);
      if (!calendar || (!staff && !calendar.onlineBookable)) {
        throw calendarNotFound();
      }
      let from = q.window.start;
      let to = q.window.end;
      const now = this.clock.now();
      if (!staff) {
        from = new Date(Math.max(from.getTime(), now.getTime() + calendar.minNoticeMinutes * MINUTE_MS));
        to = new Date(Math.min(to.getTime(), now.getTime() + calendar.maxDaysAhead * DAY_MS));
        if (from >= to) return [];
      }
      const source = await this.source.load(tx, q.calendarId, from, to);
      const offered = source.appointmentTypes.filter(
        (t) => !t.archived && (staff || (t.patientBookable && (!t.hidden || seesHidden(q.principal)))),
      );
      if (q.appointmentTypeId !== undefined && !offered.some((t) => t.id === q.appointmentTypeId)) {
        throw appointmentTypeNotFound();
      }
      const offeredIds = new Set(offered.map((t) => t.id));
      const slots = generateSlots({
        timeZone: source.timeZone,
        workPlans: source.workPlans,
        appointmentTypes: source.appointmentTypes,
        busy: source.busy,
        from,
        to,
        now,
        ...(q.appointmentTypeId !== undefined ? { appointmentTypeId: q.appointmentTypeId } : {}),
      });
      return slots.filter((s) => offeredIds.has(s.appointmentTypeId));
    });
  }
}
