import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';
import type { CalendarForBooking, PatientForBooking, TypeForBooking } from './booking-context';
import {
  calendarForBooking,
  CalendarForBookingRow,
  PatientForBookingRow,
  TYPE_FOR_BOOKING,
  TypeForBookingRow,
} from './booking-rows';

const Count = z.object({ n: z.number() });

/** Reads what booking and appointment-change decisions need, in the caller's tenant transaction. */
@Injectable()
export class BookingContextRepository {
  calendar(tx: Tx, id: string): Promise<CalendarForBooking | undefined> {
    return tx.maybeOne(calendarForBooking(tx.clinicId, id), CalendarForBookingRow, { prepared: true });
  }

  /** Locks the calendar row, so per-day limits are counted against settled bookings. */
  async lockCalendar(tx: Tx, id: string): Promise<void> {
    await tx.execute(
      sql`SELECT 1 FROM scheduling.calendars WHERE clinic_id = ${tx.clinicId} AND id = ${id} FOR UPDATE`,
      { prepared: true },
    );
  }

  appointmentType(tx: Tx, id: string): Promise<TypeForBooking | undefined> {
    return tx.maybeOne(
      sql`SELECT ${TYPE_FOR_BOOKING} FROM scheduling.appointment_types WHERE clinic_id = ${tx.clinicId} AND id = ${id}`,
      TypeForBookingRow,
      { prepared: true },
    );
  }

  patient(tx: Tx, id: string): Promise<PatientForBooking | undefined> {
    return tx.maybeOne(
      sql`SELECT id, listed_practitioner_id FROM scheduling.patients WHERE clinic_id = ${tx.clinicId} AND id = ${id}`,
      PatientForBookingRow,
      { prepared: true },
    );
  }

  /** Online bookings (patient or partner) of a type in a calendar that start inside [from, to). */
  async onlineBookingsOfType(
    tx: Tx,
    calendarId: string,
    typeId: string,
    from: Date,
    to: Date,
  ): Promise<number> {
    const row = await tx.one(
      sql`SELECT count(*)::int AS n FROM scheduling.appointments
          WHERE clinic_id = ${tx.clinicId} AND calendar_id = ${calendarId} AND appointment_type_id = ${typeId}
            AND status IN ('booked', 'arrived') AND source_channel IN ('patient_online', 'partner')
            AND lower(during) >= ${from} AND lower(during) < ${to}`,
      Count,
      { prepared: true },
    );
    return row.n;
  }

  /** True when unavailable time (break, absence, unavailable class) overlaps [start, end). */
  async unavailableOverlaps(tx: Tx, calendarId: string, start: Date, end: Date): Promise<boolean> {
    const rows = await tx.rows(
      sql`SELECT 1 AS found FROM scheduling.unavailable_times
          WHERE clinic_id = ${tx.clinicId} AND calendar_id = ${calendarId}
            AND during && tstzrange(${start}, ${end}, '[)') LIMIT 1`,
      z.object({ found: z.number() }),
    );
    return rows.length > 0;
  }
}
