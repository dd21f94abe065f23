import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';
import type { SlotSource } from './slot-source';
import type { IsoWeekday, WorkPlan } from './slot-types';

const DAY_MS = 86_400_000;

const ClinicZone = z.object({ time_zone: z.string() });
const BlockRow = z.object({
  id: z.string(),
  valid_from: z.string(),
  valid_to: z.string(),
  weekday: z.number(),
  start_time: z.string(),
  end_time: z.string(),
  appointment_type_id: z.string(),
});
const TypeRow = z
  .object({
    id: z.string(),
    duration_minutes: z.number(),
    patient_bookable: z.boolean(),
    hidden: z.boolean(),
    archived: z.boolean(),
  })
  .transform((t) => ({
    id: t.id,
    durationMinutes: t.duration_minutes,
    patientBookable: t.patient_bookable,
    hidden: t.hidden,
    archived: t.archived,
  }));
const BusyRow = z
  .object({ start_at: z.date(), end_at: z.date() })
  .transform((b) => ({ start: b.start_at, end: b.end_at }));

/** Everything the slot generator needs for one calendar and window, read in the caller's transaction. */
@Injectable()
export class SlotSourceRepository {
  async load(tx: Tx, calendarId: string, from: Date, to: Date): Promise<SlotSource> {
    const clinic = await tx.maybeOne(
      sql`SELECT time_zone FROM scheduling.clinics WHERE id = ${tx.clinicId}`,
      ClinicZone,
      { prepared: true },
    );
    // Dates in any zone lie within a day of the UTC date; the generator trims to the window.
    const firstDate = new Date(from.getTime() - 2 * DAY_MS).toISOString().slice(0, 10);
    const lastDate = new Date(to.getTime() + 2 * DAY_MS).toISOString().slice(0, 10);
    const blocks = await tx.rows(
      sql`SELECT wp.id, wp.valid_from::text AS valid_from, wp.valid_to::text AS valid_to, b.weekday,
                 to_char(b.start_time, 'HH24:MI') AS start_time, to_char(b.end_time, 'HH24:MI') AS end_time,
                 b.appointment_type_id
          FROM scheduling.work_plans wp
          JOIN scheduling.week_template_blocks b ON b.week_template_id = wp.week_template_id
          WHERE wp.clinic_id = ${tx.clinicId} AND wp.calendar_id = ${calendarId}
            AND wp.valid_from <= ${lastDate}::date AND wp.valid_to >= ${firstDate}::date
          ORDER BY wp.id, b.weekday, b.start_time`,
      BlockRow,
      { prepared: true },
    );
    const plans = new Map<string, WorkPlan>();
    for (const b of blocks) {
      const plan = plans.get(b.id) ?? { from: b.valid_from, to: b.valid_to, templateBlocks: [] };
      plan.templateBlocks.push({
        weekday: b.weekday as IsoWeekday,
        start: b.start_time,
        end: b.end_time,
        appointmentTypeId: b.appointment_type_id,
      });
      plans.set(b.id, plan);
    }
    const types = await tx.rows(
      sql`SELECT id, duration_minutes, patient_bookable, hidden, archived FROM scheduling.appointment_types
          WHERE clinic_id = ${tx.clinicId}`,
      TypeRow,
      { prepared: true },
    );
    const busy = await tx.rows(
      sql`SELECT lower(during) AS start_at, upper(during) AS end_at FROM scheduling.appointments
            WHERE clinic_id = ${tx.clinicId} AND calendar_id = ${calendarId} AND status IN ('booked', 'arrived')
              AND during && tstzrange(${from}, ${to}, '[)')
          UNION ALL
          SELECT lower(during), upper(during) FROM scheduling.unavailable_times
            WHERE clinic_id = ${tx.clinicId} AND calendar_id = ${calendarId} AND during && tstzrange(${from}, ${to}, '[)')`,
      BusyRow,
      { prepared: true },
    );
    return {
      timeZone: clinic?.time_zone ?? 'Europe/Oslo',
      workPlans: [...plans.values()],
      appointmentTypes: types,
      busy,
    };
  }
}
