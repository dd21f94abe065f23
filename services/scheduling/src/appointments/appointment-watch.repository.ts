import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';
import type { Appointment } from './appointment';
import { AppointmentColumns, selectAppointments, toAppointment } from './appointment-row';

/**
 * A position in the change order `(updated_at, id)`; `updated_at` in microseconds since the epoch
 * (a JavaScript Date keeps milliseconds only, which would repeat or skip changes within one).
 */
export interface ChangeKey {
  atMicros: bigint;
  id: string;
}

export interface ChangedAppointment {
  appointment: Appointment;
  key: ChangeKey;
}

const MICROS = sql`(extract(epoch FROM a.updated_at) * 1000000)::bigint`;
const ChangedRow = AppointmentColumns.extend({ changed_us: z.string() });
const NowRow = z.object({ now_us: z.string() });
const ExistsRow = z.object({ found: z.boolean() });

/** What WatchAppointments reads: changes in `(updated_at, id)` order, on the index `appointments_changed`. */
@Injectable()
export class AppointmentWatchRepository {
  /** The database clock, in the unit of ChangeKey. */
  async nowMicros(tx: Tx): Promise<bigint> {
    const row = await tx.one(
      sql`SELECT (extract(epoch FROM now()) * 1000000)::bigint::text AS now_us`,
      NowRow,
    );
    return BigInt(row.now_us);
  }

  /** Whether the calendar is the transaction's clinic's (row-level security hides others'). */
  async calendarExists(tx: Tx, calendarId: string): Promise<boolean> {
    const row = await tx.one(
      sql`SELECT EXISTS (SELECT 1 FROM scheduling.calendars
            WHERE clinic_id = ${tx.clinicId} AND id = ${calendarId}) AS found`,
      ExistsRow,
      { prepared: true },
    );
    return row.found;
  }

  /**
   * One page of changes after `after` in `(updated_at, id)` order, none before `floorMicros` and
   * none whose key is in `skip` (versions already delivered): a keyset page, so any number of
   * changes within one instant or one poll is read page by page, never re-read as a fixed window.
   */
  async changesAfter(
    tx: Tx,
    q: {
      after: ChangeKey;
      floorMicros: bigint;
      calendarId: string | undefined;
      skip: ChangeKey[];
      limit: number;
    },
  ): Promise<ChangedAppointment[]> {
    const at = (micros: bigint) =>
      sql`(timestamptz 'epoch' + ${micros.toString()}::bigint * interval '1 microsecond')`;
    const rows = await tx.rows(
      sql`${selectAppointments(sql`, ${MICROS}::text AS changed_us`)}
          WHERE a.clinic_id = ${tx.clinicId}
            AND (a.updated_at, a.id) > (${at(q.after.atMicros)}, ${q.after.id}::uuid)
            AND a.updated_at >= ${at(q.floorMicros)}
            AND (${q.calendarId ?? null}::uuid IS NULL OR a.calendar_id = ${q.calendarId ?? null}::uuid)
            AND NOT EXISTS (
              SELECT 1 FROM unnest(${q.skip.map((k) => k.id)}::uuid[], ${q.skip.map((k) => k.atMicros.toString())}::bigint[])
                AS sent(id, micros)
              WHERE sent.id = a.id AND sent.micros = ${MICROS})
          ORDER BY a.updated_at, a.id LIMIT ${q.limit}`,
      ChangedRow,
      { prepared: true },
    );
    return rows.map((r) => ({
      appointment: toAppointment(r),
      key: { atMicros: BigInt(r.changed_us), id: r.id },
    }));
  }
}
