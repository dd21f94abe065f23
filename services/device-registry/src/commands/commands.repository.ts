import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { raw, sql, type Transaction, type Tx } from '@carebus/persistence';
import {
  COMMAND_KINDS,
  COMMAND_STATUSES,
  type CommandResultRecord,
  type CommandStatusName,
  type DeviceCommand,
} from './device-command';

const S = raw('device_registry');

const COLUMNS = raw(`id, clinic_id AS "clinicId", device_id AS "deviceId", kind, component,
  idempotency_id AS "idempotencyId", status, request AS "sealedRequest", patient_id AS "patientId",
  requested_by AS "requestedBy", created_at AS "createdAt", deadline, delivery_attempts AS "deliveryAttempts",
  delivered_at AS "deliveredAt", finished_at AS "finishedAt", version`);

const CommandRow = z.object({
  id: z.string(),
  clinicId: z.string(),
  deviceId: z.string(),
  kind: z.enum(COMMAND_KINDS),
  component: z.string(),
  idempotencyId: z.string(),
  status: z.enum(COMMAND_STATUSES),
  sealedRequest: z.string(),
  patientId: z.string().nullable(),
  requestedBy: z.string(),
  createdAt: z.date(),
  deadline: z.date(),
  deliveryAttempts: z.number(),
  deliveredAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  version: z.coerce.number(),
});

const ResultRow = z.object({
  commandId: z.string(),
  outcome: z.enum(['completed', 'failed']),
  sealedResult: z.string().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  finishedAt: z.date().nullable(),
  recordedAt: z.date(),
  afterExpiry: z.boolean(),
});

/** The durable command queue per device and the results (row-level security by clinic). */
@Injectable()
export class CommandsRepository {
  async insert(tx: Tx, c: DeviceCommand): Promise<void> {
    await tx.execute(
      sql`INSERT INTO ${S}.commands (id, clinic_id, device_id, kind, component, idempotency_id, status, request,
            patient_id, requested_by, created_at, deadline, version)
          VALUES (${c.id}, ${tx.clinicId}, ${c.deviceId}, ${c.kind}, ${c.component}, ${c.idempotencyId}, ${c.status},
            ${c.sealedRequest}, ${c.patientId}, ${c.requestedBy}, ${c.createdAt}, ${c.deadline}, ${c.version})`,
      { prepared: true },
    );
  }

  async find(tx: Tx, id: string, lock = false): Promise<DeviceCommand | null> {
    const row = await tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM ${S}.commands WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid${raw(lock ? ' FOR UPDATE' : '')}`,
      CommandRow,
    );
    return row ?? null;
  }

  async findByIdempotency(tx: Tx, deviceId: string, idempotencyId: string): Promise<DeviceCommand | null> {
    const row = await tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM ${S}.commands
           WHERE clinic_id = ${tx.clinicId} AND device_id = ${deviceId}::uuid AND idempotency_id = ${idempotencyId}::uuid`,
      CommandRow,
    );
    return row ?? null;
  }

  /**
   * The device's commands not yet acknowledged, and those acknowledged without a result since
   * before `resendBefore` (re-sent, at least once), none past its deadline, oldest first, each
   * counted as one more delivery attempt.
   */
  async takeUnacknowledged(
    tx: Tx,
    deviceId: string,
    now: Date,
    resendBefore: Date,
    limit: number,
    exclude: string[],
  ): Promise<DeviceCommand[]> {
    return tx.rows(
      sql`UPDATE ${S}.commands SET delivery_attempts = delivery_attempts + 1,
                 redelivered_at = CASE WHEN status = 'delivered' THEN ${now} ELSE redelivered_at END
           WHERE id IN (SELECT id FROM ${S}.commands
                         WHERE clinic_id = ${tx.clinicId} AND device_id = ${deviceId}::uuid
                           AND (status = 'created' OR (status = 'delivered'
                                AND coalesce(redelivered_at, delivered_at) <= ${resendBefore}))
                           AND deadline > ${now} AND id <> ALL(${exclude}::uuid[])
                         ORDER BY created_at, id LIMIT ${limit})
           RETURNING ${COLUMNS}`,
      CommandRow,
    );
  }

  /** created → delivered; the command after it, or null when it was not `created`. */
  async markDelivered(tx: Tx, id: string, now: Date): Promise<DeviceCommand | null> {
    const row = await tx.maybeOne(
      sql`UPDATE ${S}.commands SET status = 'delivered', delivered_at = ${now}, version = version + 1
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid AND status = 'created'
           RETURNING ${COLUMNS}`,
      CommandRow,
    );
    return row ?? null;
  }

  /** The one result: false when the command has one already (this report is ignored). */
  async insertResult(tx: Tx, r: CommandResultRecord): Promise<boolean> {
    const inserted = await tx.execute(
      sql`INSERT INTO ${S}.command_results (command_id, clinic_id, outcome, result, error_code, error_message,
            finished_at, recorded_at, after_expiry)
          VALUES (${r.commandId}, ${tx.clinicId}, ${r.outcome}, ${r.sealedResult}, ${r.errorCode}, ${r.errorMessage},
            ${r.finishedAt}, ${r.recordedAt}, ${r.afterExpiry})
          ON CONFLICT (command_id) DO NOTHING`,
    );
    return inserted === 1;
  }

  async finish(tx: Tx, id: string, status: CommandStatusName, now: Date): Promise<number> {
    const row = await tx.one(
      sql`UPDATE ${S}.commands SET status = ${status}, finished_at = ${now}, version = version + 1
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid RETURNING version`,
      z.object({ version: z.coerce.number() }),
    );
    return row.version;
  }

  async result(tx: Tx, commandId: string): Promise<CommandResultRecord | null> {
    const row = await tx.maybeOne(
      sql`SELECT command_id AS "commandId", outcome, result AS "sealedResult", error_code AS "errorCode",
                 error_message AS "errorMessage", finished_at AS "finishedAt", recorded_at AS "recordedAt",
                 after_expiry AS "afterExpiry"
            FROM ${S}.command_results WHERE clinic_id = ${tx.clinicId} AND command_id = ${commandId}::uuid`,
      ResultRow,
    );
    return row ?? null;
  }

  /** created/delivered → expired when its deadline passed (one replica wins); the command before. */
  async expire(tx: Tx, id: string, now: Date): Promise<{ before: DeviceCommand; version: number } | null> {
    const before = await this.find(tx, id, true);
    if (!before || (before.status !== 'created' && before.status !== 'delivered') || before.deadline >= now) {
      return null;
    }
    const version = await this.finish(tx, id, 'expired', now);
    return { before, version };
  }

  async pastDeadline(tx: Transaction, now: Date, limit: number) {
    return tx.rows(
      sql`SELECT id, clinic_id AS "clinicId" FROM ${S}.commands_past_deadline(${now}, ${limit})`,
      z.object({ id: z.string(), clinicId: z.string() }),
    );
  }

  /** Tells the replica holding the device's stream (on commit) that a command is waiting. */
  async signalQueued(tx: Tx, deviceId: string): Promise<void> {
    await tx.execute(sql`SELECT pg_notify('device_registry_command', ${deviceId})`);
  }
}
