import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DeliveryChannel } from '../channels/channel';
import type { DeliveryEvent, NotificationJob, NotificationStatus } from './notification-job';

const COLUMNS = `id, clinic_id AS "clinicId", kind, recipient_kind AS "recipientKind", recipient_id AS "recipientId",
  appointment_id AS "appointmentId", cause_event_id AS "causeEventId", dedupe_key AS "dedupeKey", channels,
  channel_index AS "channelIndex", status, due_at AS "dueAt", expires_at AS "expiresAt", attempts,
  lease_owner AS "leaseOwner", in_doubt_since AS "inDoubtSince", language, data,
  provider_message_id AS "providerMessageId", last_error AS "lastError", created_at AS "createdAt", sent_at AS "sentAt"`;

export interface LogEntry {
  event: DeliveryEvent;
  channel?: DeliveryChannel | null;
  attempt?: number | null;
  providerMessageId?: string | null;
  errorCode?: string | null;
}

export interface ClaimedJob {
  id: string;
  clinicId: string;
  inDoubt: boolean;
}

export interface DueBacklog {
  due: number;
  oldestDueAt: Date | null;
}

export interface ListFilter {
  status?: NotificationStatus;
  kind?: string;
  channel?: string;
  appointmentId?: string;
  recipientId?: string;
  /** Keyset cursor: (created_at, id) of the last row of the previous page. */
  after?: { createdAt: string; id: string };
  limit: number;
}

/** Notification jobs and their delivery log; the only place that writes them. */
@Injectable()
export class NotificationsRepository {
  /** Inserts unless a notification with the same dedupe key exists; false when it did. */
  async insert(manager: EntityManager, job: NotificationJob, at: Date): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO notifications.notifications (id, clinic_id, kind, recipient_kind, recipient_id, appointment_id,
         cause_event_id, dedupe_key, channels, channel_index, status, due_at, expires_at, attempts, language, data,
         provider_message_id, last_error, created_at, sent_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, $14, $15, $16, $17, $18, $19)
       ON CONFLICT (clinic_id, dedupe_key) DO NOTHING RETURNING id`,
      [
        job.id,
        job.clinicId,
        job.kind,
        job.recipientKind,
        job.recipientId,
        job.appointmentId,
        job.causeEventId,
        job.dedupeKey,
        job.channels,
        job.channelIndex,
        job.status,
        job.dueAt,
        job.expiresAt,
        job.language,
        job.data,
        job.providerMessageId,
        job.lastError,
        at,
        job.sentAt,
      ],
    )) as unknown[];
    return rows.length === 1;
  }

  async find(manager: EntityManager, clinicId: string, id: string): Promise<NotificationJob | null> {
    const [row] = (await manager.query(
      `SELECT ${COLUMNS} FROM notifications.notifications WHERE clinic_id = $1 AND id = $2`,
      [clinicId, id],
    )) as NotificationJob[];
    return row ?? null;
  }

  /** Locks the job row for the sender: a cancellation's suppress waits for this transaction. */
  async lock(manager: EntityManager, clinicId: string, id: string): Promise<NotificationJob | null> {
    const [row] = (await manager.query(
      `SELECT ${COLUMNS} FROM notifications.notifications WHERE clinic_id = $1 AND id = $2 FOR UPDATE`,
      [clinicId, id],
    )) as NotificationJob[];
    return row ?? null;
  }

  /** Claims due jobs of every clinic for `owner` until the lease ends (SKIP LOCKED: replicas never share one). */
  async claimDue(
    manager: EntityManager,
    now: Date,
    limit: number,
    owner: string,
    leaseMs: number,
  ): Promise<ClaimedJob[]> {
    const rows = (await manager.query(
      `SELECT id, clinic_id AS "clinicId", in_doubt AS "inDoubt" FROM notifications.claim_due_notifications($1, $2, $3, $4)`,
      [now, limit, owner, leaseMs],
    )) as ClaimedJob[];
    return rows;
  }

  /** Pending jobs of every clinic that are due at `now`, and the oldest due time (counts only). */
  async dueBacklog(manager: EntityManager, now: Date): Promise<DueBacklog> {
    const [row] = (await manager.query(
      `SELECT due::int AS due, oldest_due_at AS "oldestDueAt" FROM notifications.due_backlog($1)`,
      [now],
    )) as DueBacklog[];
    return row ?? { due: 0, oldestDueAt: null };
  }

  /** Suppresses the appointment's pending notifications of these kinds; returns their ids. */
  async suppressPending(
    manager: EntityManager,
    clinicId: string,
    appointmentId: string,
    kinds: string[],
    reason: string,
  ): Promise<string[]> {
    const [rows] = (await manager.query(
      `UPDATE notifications.notifications SET status = 'suppressed', last_error = $4, lease_owner = NULL,
              lease_until = NULL, in_doubt_since = NULL
        WHERE clinic_id = $1 AND appointment_id = $2 AND status = 'pending' AND kind = ANY($3) RETURNING id`,
      [clinicId, appointmentId, kinds, reason],
    )) as [{ id: string }[], number];
    return rows.map((r) => r.id);
  }

  async update(
    manager: EntityManager,
    id: string,
    changes: Partial<{
      status: NotificationStatus;
      dueAt: Date;
      channelIndex: number;
      attempts: number;
      leaseOwner: string | null;
      leaseUntil: Date | null;
      inDoubtSince: Date | null;
      providerMessageId: string | null;
      lastError: string | null;
      sentAt: Date | null;
    }>,
  ): Promise<void> {
    const columns: Record<string, string> = {
      status: 'status',
      dueAt: 'due_at',
      channelIndex: 'channel_index',
      attempts: 'attempts',
      leaseOwner: 'lease_owner',
      leaseUntil: 'lease_until',
      inDoubtSince: 'in_doubt_since',
      providerMessageId: 'provider_message_id',
      lastError: 'last_error',
      sentAt: 'sent_at',
    };
    const keys = Object.keys(changes) as (keyof typeof changes)[];
    if (keys.length === 0) return;
    const sets = keys.map((key, i) => `${columns[key]} = $${i + 2}`);
    await manager.query(`UPDATE notifications.notifications SET ${sets.join(', ')} WHERE id = $1`, [
      id,
      ...keys.map((key) => changes[key]),
    ]);
  }

  async log(
    manager: EntityManager,
    clinicId: string,
    notificationIds: string[],
    at: Date,
    entry: LogEntry,
  ): Promise<void> {
    if (notificationIds.length === 0) return;
    await manager.query(
      `INSERT INTO notifications.delivery_log (clinic_id, notification_id, at, event, channel, attempt,
         provider_message_id, error_code)
       SELECT $1, unnest($2::uuid[]), $3, $4, $5, $6, $7, $8`,
      [
        clinicId,
        notificationIds,
        at,
        entry.event,
        entry.channel ?? null,
        entry.attempt ?? null,
        entry.providerMessageId ?? null,
        entry.errorCode ?? null,
      ],
    );
  }

  async logOf(manager: EntityManager, clinicId: string, id: string): Promise<(LogEntry & { at: Date })[]> {
    return (await manager.query(
      `SELECT at, event, channel, attempt, provider_message_id AS "providerMessageId", error_code AS "errorCode"
         FROM notifications.delivery_log WHERE clinic_id = $1 AND notification_id = $2 ORDER BY id`,
      [clinicId, id],
    )) as (LogEntry & { at: Date })[];
  }

  async list(manager: EntityManager, clinicId: string, f: ListFilter): Promise<NotificationJob[]> {
    const where = ['clinic_id = $1'];
    const params: unknown[] = [clinicId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.status) add('status = ?', f.status);
    if (f.kind) add('kind = ?', f.kind);
    if (f.channel) add('channels[channel_index + 1] = ?', f.channel);
    if (f.appointmentId) add('appointment_id = ?', f.appointmentId);
    if (f.recipientId) add('recipient_id = ?', f.recipientId);
    if (f.after) {
      params.push(f.after.createdAt, f.after.id);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(f.limit);
    return (await manager.query(
      `SELECT ${COLUMNS} FROM notifications.notifications WHERE ${where.join(' AND ')}
        ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    )) as NotificationJob[];
  }
}
