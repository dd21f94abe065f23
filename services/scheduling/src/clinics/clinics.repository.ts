import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';
import { assignments } from '../persistence/assignments';
import type { Clinic, ClinicChanges } from './clinic';

const ClinicRow = z
  .object({
    id: z.string(),
    name: z.string(),
    time_zone: z.string(),
    check_in_window_minutes: z.number(),
    created_at: z.date(),
  })
  .transform((r): Clinic => ({
    id: r.id,
    name: r.name,
    timeZone: r.time_zone,
    checkInWindowMinutes: r.check_in_window_minutes,
    createdAt: r.created_at,
  }));

const COLUMNS = sql`id, name, time_zone, check_in_window_minutes, created_at`;

/** A clinic row is its own tenant: its `clinic_id` is its id. */
@Injectable()
export class ClinicsRepository {
  find(tx: Tx, id: string): Promise<Clinic | undefined> {
    return tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM scheduling.clinics WHERE clinic_id = ${tx.clinicId} AND id = ${id}`,
      ClinicRow,
    );
  }

  /** The changed clinic, or undefined when it is not the tenant's. */
  async update(tx: Tx, id: string, changes: ClinicChanges): Promise<Clinic | undefined> {
    const set = assignments(changes, {
      name: 'name',
      timeZone: 'time_zone',
      checkInWindowMinutes: 'check_in_window_minutes',
    });
    if (set === null) return this.find(tx, id);
    return tx.maybeOne(
      sql`UPDATE scheduling.clinics SET ${set} WHERE clinic_id = ${tx.clinicId} AND id = ${id}
          RETURNING ${COLUMNS}`,
      ClinicRow,
    );
  }

  /** The tenant's time zone (slots, local days). */
  async timeZone(tx: Tx): Promise<string> {
    const row = await tx.maybeOne(
      sql`SELECT time_zone FROM scheduling.clinics WHERE id = ${tx.clinicId}`,
      z.object({ time_zone: z.string() }),
      { prepared: true },
    );
    return row?.time_zone ?? 'Europe/Oslo';
  }

  async checkInWindowMinutes(tx: Tx): Promise<number> {
    const row = await tx.maybeOne(
      sql`SELECT check_in_window_minutes FROM scheduling.clinics WHERE id = ${tx.clinicId}`,
      z.object({ check_in_window_minutes: z.number() }),
    );
    return row?.check_in_window_minutes ?? 120;
  }
}
