import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, toPage, type Page, type PageRequest, type Transaction, type Tx } from '@carebus/persistence';
import { assignments } from '../persistence/assignments';
import type { Clinic, ClinicChanges, NewClinic } from './clinic';

const ClinicRow = z
  .object({
    id: z.string(),
    name: z.string(),
    time_zone: z.string(),
    check_in_window_minutes: z.number(),
    clinical_admin_email: z.string().nullable(),
    // bigint arrives as text
    version: z.coerce.number().int(),
    created_at: z.date(),
    updated_at: z.date(),
  })
  .transform((r): Clinic => ({
    id: r.id,
    name: r.name,
    timeZone: r.time_zone,
    checkInWindowMinutes: r.check_in_window_minutes,
    clinicalAdminEmail: r.clinical_admin_email,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));

const COLUMNS = sql`id, name, time_zone, check_in_window_minutes, clinical_admin_email, version, created_at, updated_at`;

const KeyRow = z.object({ id: z.string(), request_hash: z.string().nullable() });

/** A clinic row is its own tenant: its `clinic_id` is its id. */
@Injectable()
export class ClinicsRepository {
  find(tx: Tx, id: string): Promise<Clinic | undefined> {
    return tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM scheduling.clinics WHERE clinic_id = ${tx.clinicId} AND id = ${id}`,
      ClinicRow,
    );
  }

  /** The new clinic, in the transaction of its own tenant (`tx.clinicId` is its id). */
  insert(tx: Tx, clinic: NewClinic): Promise<Clinic> {
    return tx.one(
      sql`INSERT INTO scheduling.clinics (id, name, time_zone, clinical_admin_email, idempotency_key, request_hash)
          VALUES (${tx.clinicId}, ${clinic.name}, ${clinic.timeZone}, ${clinic.clinicalAdminEmail},
                  ${clinic.idempotencyKey ?? null}, ${clinic.requestHash ?? null})
          RETURNING ${COLUMNS}`,
      ClinicRow,
    );
  }

  /** The changed clinic with its next version, or undefined when it is not the tenant's. */
  async update(tx: Tx, id: string, changes: ClinicChanges): Promise<Clinic | undefined> {
    const set = assignments(changes, {
      name: 'name',
      timeZone: 'time_zone',
      checkInWindowMinutes: 'check_in_window_minutes',
      clinicalAdminEmail: 'clinical_admin_email',
    });
    if (set === null) return this.find(tx, id);
    return tx.maybeOne(
      sql`UPDATE scheduling.clinics SET ${set}, version = version + 1, updated_at = now()
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}
          RETURNING ${COLUMNS}`,
      ClinicRow,
    );
  }

  /** Every clinic by name, for operators: through the owner-run catalogue function (no tenant set). */
  async catalogue(tx: Transaction, page: PageRequest): Promise<Page<Clinic>> {
    const rows = await tx.rows(
      sql`SELECT ${COLUMNS} FROM scheduling.clinic_catalogue(${page.after?.key ?? null}::text,
            ${page.after?.id ?? null}::uuid, ${page.limit + 1})`,
      ClinicRow,
    );
    return toPage(rows, page.limit, (c) => ({ key: c.name, id: c.id }));
  }

  /** The clinic an operator's Idempotency-Key created, with the hash of that request. */
  byIdempotencyKey(
    tx: Transaction,
    key: string,
  ): Promise<{ id: string; requestHash: string | null } | undefined> {
    return tx
      .maybeOne(sql`SELECT id, request_hash FROM scheduling.clinic_by_idempotency_key(${key})`, KeyRow)
      .then((row) => row && { id: row.id, requestHash: row.request_hash });
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
