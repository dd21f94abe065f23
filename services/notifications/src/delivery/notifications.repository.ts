import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { empty, raw, sql, type PageRequest, type Sql, type Transaction, type Tx } from '@carebus/persistence';
import { DELIVERY_CHANNELS } from '../channels/channel';
import { LANGUAGES, NOTIFICATION_KINDS } from '../templates/notification-kind';
import type { JobChange } from './job-change';
import { NOTIFICATION_STATUSES, RECIPIENT_KINDS, type NotificationJob } from './notification-job';

const COLUMNS = raw(`id, clinic_id AS "clinicId", kind, recipient_kind AS "recipientKind",
  recipient_id AS "recipientId", appointment_id AS "appointmentId", cause_event_id AS "causeEventId",
  dedupe_key AS "dedupeKey", channels, channel_index AS "channelIndex", status, due_at AS "dueAt",
  expires_at AS "expiresAt", attempts, lease_owner AS "leaseOwner", in_doubt_since AS "inDoubtSince",
  language, data, provider_message_id AS "providerMessageId", last_error AS "lastError",
  created_at AS "createdAt", sent_at AS "sentAt"`);

const JobRow: z.ZodType<NotificationJob, z.ZodTypeDef, unknown> = z.object({
  id: z.string(),
  clinicId: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  recipientKind: z.enum(RECIPIENT_KINDS),
  recipientId: z.string(),
  appointmentId: z.string().nullable(),
  causeEventId: z.string(),
  dedupeKey: z.string(),
  channels: z.array(z.enum(DELIVERY_CHANNELS)),
  channelIndex: z.number().int(),
  status: z.enum(NOTIFICATION_STATUSES),
  dueAt: z.date(),
  expiresAt: z.date().nullable(),
  attempts: z.number().int(),
  leaseOwner: z.string().nullable(),
  inDoubtSince: z.date().nullable(),
  language: z.enum(LANGUAGES),
  data: z.object({
    startTime: z.string().optional(),
    endTime: z.string().optional(),
    calendarId: z.string().optional(),
    practitionerId: z.string().optional(),
    appointmentTypeId: z.string().optional(),
    appointmentTypeName: z.string().optional(),
    video: z.boolean().optional(),
    hidden: z.boolean().optional(),
    threadId: z.string().optional(),
    dialogueKind: z.string().optional(),
    alert: z.record(z.string()).optional(),
  }),
  providerMessageId: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
});

const IdRow = z.object({ id: z.string() });
const ClaimRow = z.object({ id: z.string(), clinicId: z.string(), inDoubt: z.boolean() });
const BacklogRow = z.object({ due: z.number().int(), oldestDueAt: z.date().nullable() });

/** A due job claimed for this replica until its lease ends. */
export type ClaimedJob = z.infer<typeof ClaimRow>;
export type DueBacklog = z.infer<typeof BacklogRow>;

export interface NotificationFilter {
  status?: string | undefined;
  kind?: string | undefined;
  /** The current channel. */
  channel?: string | undefined;
  appointmentId?: string | undefined;
  recipientId?: string | undefined;
}

/** Notification jobs: the only place that reads or writes them. */
@Injectable()
export class NotificationsRepository {
  /** Inserts unless a notification with the same dedupe key exists; false when it did. */
  async insert(tx: Tx, job: NotificationJob): Promise<boolean> {
    const inserted = await tx.maybeOne(
      sql`INSERT INTO notifications.notifications (id, clinic_id, kind, recipient_kind, recipient_id,
            appointment_id, cause_event_id, dedupe_key, channels, channel_index, status, due_at, expires_at,
            attempts, language, data, provider_message_id, last_error, created_at, sent_at)
          VALUES (${job.id}, ${tx.clinicId}, ${job.kind}, ${job.recipientKind}, ${job.recipientId},
            ${job.appointmentId}, ${job.causeEventId}, ${job.dedupeKey}, ${job.channels}, ${job.channelIndex},
            ${job.status}, ${job.dueAt}, ${job.expiresAt}, 0, ${job.language}, ${job.data},
            ${job.providerMessageId}, ${job.lastError}, ${job.createdAt}, ${job.sentAt})
          ON CONFLICT (clinic_id, dedupe_key) DO NOTHING RETURNING id`,
      IdRow,
      { prepared: true },
    );
    return inserted !== undefined;
  }

  async find(tx: Tx, id: string): Promise<NotificationJob | undefined> {
    return tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM notifications.notifications WHERE clinic_id = ${tx.clinicId} AND id = ${id}`,
      JobRow,
    );
  }

  /** Locks the job row for the sender: a cancellation's suppress waits for this transaction. */
  async lock(tx: Tx, id: string): Promise<NotificationJob | undefined> {
    return tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM notifications.notifications
           WHERE clinic_id = ${tx.clinicId} AND id = ${id} FOR UPDATE`,
      JobRow,
      { prepared: true },
    );
  }

  /**
   * The UPDATE of one step of a job, to run `together` with its log and events. Every settled
   * step gives the lease back and clears the in-doubt marker here, and only here.
   */
  change(tx: Tx, id: string, change: JobChange): Sql {
    const target = sql`WHERE clinic_id = ${tx.clinicId} AND id = ${id} RETURNING id`;
    if (change.kind === 'sending') {
      return sql`UPDATE notifications.notifications
                    SET in_doubt_since = ${change.since}, attempts = ${change.attempts} ${target}`;
    }
    if (change.kind === 'clear_in_doubt') {
      return sql`UPDATE notifications.notifications SET in_doubt_since = NULL ${target}`;
    }
    const n = change.next;
    return sql`UPDATE notifications.notifications
                  SET status = ${n.status}, due_at = ${n.dueAt}, channel_index = ${n.channelIndex},
                      provider_message_id = ${n.providerMessageId}, last_error = ${n.lastError},
                      sent_at = ${n.sentAt}, lease_owner = NULL, lease_until = NULL, in_doubt_since = NULL
                ${target}`;
  }

  /** Suppresses the appointment's pending notifications of these kinds; returns their ids. */
  async suppressPending(tx: Tx, appointmentId: string, kinds: string[], reason: string): Promise<string[]> {
    const rows = await tx.rows(
      sql`UPDATE notifications.notifications
             SET status = 'suppressed', last_error = ${reason}, lease_owner = NULL, lease_until = NULL,
                 in_doubt_since = NULL
           WHERE clinic_id = ${tx.clinicId} AND appointment_id = ${appointmentId} AND status = 'pending'
             AND kind = ANY(${kinds}::text[])
       RETURNING id`,
      IdRow,
      { prepared: true },
    );
    return rows.map((r) => r.id);
  }

  /** Newest first; `limit + 1` rows, so the caller knows whether a next page exists. */
  list(tx: Tx, f: NotificationFilter, page: PageRequest): Promise<NotificationJob[]> {
    // An empty filter value filters nothing, as an absent one.
    const when = (value: string | undefined, condition: (v: string) => Sql) =>
      value ? sql`AND ${condition(value)}` : empty;
    return tx.rows(
      sql`SELECT ${COLUMNS} FROM notifications.notifications
           WHERE clinic_id = ${tx.clinicId}
             ${when(f.status, (v) => sql`status = ${v}`)}
             ${when(f.kind, (v) => sql`kind = ${v}`)}
             ${when(f.channel, (v) => sql`channels[channel_index + 1] = ${v}`)}
             ${when(f.appointmentId, (v) => sql`appointment_id = ${v}`)}
             ${when(f.recipientId, (v) => sql`recipient_id = ${v}`)}
             ${page.after ? sql`AND (created_at, id) < (${page.after.key}::timestamptz, ${page.after.id}::uuid)` : empty}
           ORDER BY created_at DESC, id DESC LIMIT ${page.limit + 1}`,
      JobRow,
    );
  }

  /**
   * Claims due jobs of every clinic for `owner` until the lease ends (SKIP LOCKED: replicas never
   * share one), through the owner-run function: no tenant can see the others' rows.
   */
  claimDue(
    tx: Transaction,
    claim: { now: Date; limit: number; owner: string; leaseMs: number },
  ): Promise<ClaimedJob[]> {
    return tx.rows(
      sql`SELECT id, clinic_id AS "clinicId", in_doubt AS "inDoubt"
            FROM notifications.claim_due_notifications(${claim.now}, ${claim.limit}, ${claim.owner}, ${claim.leaseMs})`,
      ClaimRow,
      { prepared: true },
    );
  }

  /** Pending jobs of every clinic that are due at `now`, and the oldest due time (counts only). */
  async dueBacklog(tx: Transaction, now: Date): Promise<DueBacklog> {
    const row = await tx.maybeOne(
      sql`SELECT due::int AS due, oldest_due_at AS "oldestDueAt" FROM notifications.due_backlog(${now})`,
      BacklogRow,
      { prepared: true },
    );
    return row ?? { due: 0, oldestDueAt: null };
  }
}
