import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Busy, IsoWeekday, WorkPlan } from './slot-types';

export interface SlotTypeRow {
  id: string;
  durationMinutes: number;
  patientBookable: boolean;
  hidden: boolean;
  archived: boolean;
}

export interface SlotSource {
  timeZone: string;
  workPlans: WorkPlan[];
  appointmentTypes: SlotTypeRow[];
  busy: Busy[];
}

const DAY_MS = 86_400_000;

/** Everything the slot generator needs for one calendar and window, read in one transaction. */
@Injectable()
export class SlotSourceRepository {
  async load(
    manager: EntityManager,
    clinicId: string,
    calendarId: string,
    from: Date,
    to: Date,
  ): Promise<SlotSource> {
    const [clinic] = await manager.query(`SELECT time_zone FROM scheduling.clinics WHERE id = $1`, [
      clinicId,
    ]);
    // Dates in any zone lie within a day of the UTC date; the generator trims to the window.
    const firstDate = new Date(from.getTime() - 2 * DAY_MS).toISOString().slice(0, 10);
    const lastDate = new Date(to.getTime() + 2 * DAY_MS).toISOString().slice(0, 10);
    const blocks: Record<string, unknown>[] = await manager.query(
      `SELECT wp.id, wp.valid_from::text AS valid_from, wp.valid_to::text AS valid_to, b.weekday,
              to_char(b.start_time, 'HH24:MI') AS start_time, to_char(b.end_time, 'HH24:MI') AS end_time,
              b.appointment_type_id
       FROM scheduling.work_plans wp
       JOIN scheduling.week_template_blocks b ON b.week_template_id = wp.week_template_id
       WHERE wp.clinic_id = $1 AND wp.calendar_id = $2 AND wp.valid_from <= $4::date AND wp.valid_to >= $3::date
       ORDER BY wp.id, b.weekday, b.start_time`,
      [clinicId, calendarId, firstDate, lastDate],
    );
    const plans = new Map<string, WorkPlan>();
    for (const b of blocks) {
      const id = b.id as string;
      const plan = plans.get(id) ?? {
        from: b.valid_from as string,
        to: b.valid_to as string,
        templateBlocks: [],
      };
      plan.templateBlocks.push({
        weekday: b.weekday as IsoWeekday,
        start: b.start_time as string,
        end: b.end_time as string,
        appointmentTypeId: b.appointment_type_id as string,
      });
      plans.set(id, plan);
    }
    const types: Record<string, unknown>[] = await manager.query(
      `SELECT id, duration_minutes, patient_bookable, hidden, archived FROM scheduling.appointment_types
       WHERE clinic_id = $1`,
      [clinicId],
    );
    const busy: { start_at: Date; end_at: Date }[] = await manager.query(
      `SELECT lower(during) AS start_at, upper(during) AS end_at FROM scheduling.appointments
         WHERE clinic_id = $1 AND calendar_id = $2 AND status IN ('booked', 'arrived')
           AND during && tstzrange($3, $4, '[)')
       UNION ALL
       SELECT lower(during), upper(during) FROM scheduling.unavailable_times
         WHERE clinic_id = $1 AND calendar_id = $2 AND during && tstzrange($3, $4, '[)')`,
      [clinicId, calendarId, from, to],
    );
    return {
      timeZone: (clinic?.time_zone as string | undefined) ?? 'Europe/Oslo',
      workPlans: [...plans.values()],
      appointmentTypes: types.map((t) => ({
        id: t.id as string,
        durationMinutes: t.duration_minutes as number,
        patientBookable: t.patient_bookable as boolean,
        hidden: t.hidden as boolean,
        archived: t.archived as boolean,
      })),
      busy: busy.map((b) => ({ start: b.start_at, end: b.end_at })),
    };
  }
}
