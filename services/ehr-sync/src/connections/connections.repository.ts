import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { empty, raw, sql, toPage, type Page, type PageRequest, type Tx } from '@carebus/persistence';
import {
  CONNECTION_STATUSES,
  CONNECTION_STYLES,
  type ConnectionSettings,
  type ConnectionStatus,
  type EhrConnection,
} from './connection';

const COLUMNS =
  raw(`id, clinic_id AS "clinicId", style, base_url AS "baseUrl", credentials AS "sealedCredentials",
  status, status_code AS "statusCode", status_changed_at AS "statusChangedAt", settings,
  settings_version AS "settingsVersion", created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt"`);

const Settings = z.object({
  scheduleDays: z.number(),
  providerIds: z.array(z.string()),
  arrivalWindowMinutes: z.number(),
  combineProgressNotes: z.boolean(),
  attachmentsAsPdf: z.boolean(),
  unavailableAppointmentClasses: z.array(z.string()),
  defaultAppointmentType: z.string().nullable(),
});

const ConnectionRow = z.object({
  id: z.string(),
  clinicId: z.string(),
  style: z.enum(CONNECTION_STYLES),
  baseUrl: z.string(),
  sealedCredentials: z.string(),
  status: z.enum(CONNECTION_STATUSES),
  statusCode: z.string().nullable(),
  statusChangedAt: z.date(),
  settings: Settings,
  settingsVersion: z.number(),
  createdBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** A clinic's EHR connections (ehr_sync.ehr_connections, row-level security by clinic). */
@Injectable()
export class ConnectionsRepository {
  async find(tx: Tx, id: string, lock = false): Promise<EhrConnection | null> {
    const row = await tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM ehr_sync.ehr_connections WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid${raw(lock ? ' FOR UPDATE' : '')}`,
      ConnectionRow,
      { prepared: true },
    );
    return row ?? null;
  }

  async list(tx: Tx, page: PageRequest): Promise<Page<EhrConnection>> {
    const after = page.after
      ? sql`AND (created_at, id) > (${page.after.key}::timestamptz, ${page.after.id}::uuid)`
      : empty;
    const rows = await tx.rows(
      sql`SELECT ${COLUMNS} FROM ehr_sync.ehr_connections WHERE clinic_id = ${tx.clinicId} ${after}
          ORDER BY created_at, id LIMIT ${page.limit + 1}`,
      ConnectionRow,
    );
    return toPage(rows, page.limit, (c) => ({ key: c.createdAt.toISOString(), id: c.id }));
  }

  /** The clinic's active connections: where the platform's changes are written back. */
  async active(tx: Tx): Promise<EhrConnection[]> {
    return tx.rows(
      sql`SELECT ${COLUMNS} FROM ehr_sync.ehr_connections WHERE clinic_id = ${tx.clinicId} AND status = 'active'
          ORDER BY created_at, id`,
      ConnectionRow,
      { prepared: true },
    );
  }

  async insert(tx: Tx, c: EhrConnection): Promise<void> {
    await tx.execute(
      sql`INSERT INTO ehr_sync.ehr_connections (id, clinic_id, style, base_url, credentials, status, status_code,
            status_changed_at, settings, settings_version, created_by, created_at, updated_at)
          VALUES (${c.id}, ${tx.clinicId}, ${c.style}, ${c.baseUrl}, ${c.sealedCredentials}, ${c.status},
            ${c.statusCode}, ${c.statusChangedAt}, ${JSON.stringify(c.settings)}::jsonb, ${c.settingsVersion},
            ${c.createdBy}, ${c.createdAt}, ${c.updatedAt})`,
    );
  }

  /** Moves the connection from one of `from` to `to`; false when it was in none of them (a concurrent change won). */
  async changeStatus(
    tx: Tx,
    id: string,
    from: readonly ConnectionStatus[],
    to: ConnectionStatus,
    code: string | null,
    at: Date,
  ): Promise<boolean> {
    const changed = await tx.execute(
      sql`UPDATE ehr_sync.ehr_connections
             SET status = ${to}, status_code = ${code}, status_changed_at = ${at}, updated_at = ${at}
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid AND status = ANY(${[...from]}::text[])`,
    );
    return changed === 1;
  }

  /** Re-authenticated: new (or the same) credentials, active again; the settings stay. */
  async reactivate(tx: Tx, id: string, sealedCredentials: string, at: Date): Promise<void> {
    await tx.execute(
      sql`UPDATE ehr_sync.ehr_connections
             SET credentials = ${sealedCredentials}, status = 'active', status_code = NULL,
                 status_changed_at = ${at}, updated_at = ${at}
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid`,
    );
  }

  /** Writes the settings when they are still at `expectedVersion`; false otherwise. */
  async updateSettings(
    tx: Tx,
    id: string,
    settings: ConnectionSettings,
    expectedVersion: number,
    at: Date,
  ): Promise<boolean> {
    const changed = await tx.execute(
      sql`UPDATE ehr_sync.ehr_connections
             SET settings = ${JSON.stringify(settings)}::jsonb, settings_version = settings_version + 1, updated_at = ${at}
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid AND settings_version = ${expectedVersion}`,
    );
    return changed === 1;
  }

  /** Every sealed credential of the clinic, for a key replace's reseal. */
  async sealedCredentials(tx: Tx): Promise<{ id: string; sealed: string }[]> {
    return tx.rows(
      sql`SELECT id, credentials AS sealed FROM ehr_sync.ehr_connections WHERE clinic_id = ${tx.clinicId} ORDER BY id FOR UPDATE`,
      z.object({ id: z.string(), sealed: z.string() }),
    );
  }

  async writeSealedCredentials(tx: Tx, id: string, sealed: string): Promise<void> {
    await tx.execute(
      sql`UPDATE ehr_sync.ehr_connections SET credentials = ${sealed} WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid`,
    );
  }
}
