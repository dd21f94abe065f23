import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Sql, type Tx } from '@carebus/persistence';
import { DELIVERY_CHANNELS } from '../channels/channel';
import { DELIVERY_EVENTS, type LogEntry } from './notification-job';

const EntryRow = z.object({
  at: z.date(),
  event: z.enum(DELIVERY_EVENTS),
  channel: z.enum(DELIVERY_CHANNELS).nullable(),
  attempt: z.number().int().nullable(),
  providerMessageId: z.string().nullable(),
  errorCode: z.string().nullable(),
});
export type LoggedEntry = z.infer<typeof EntryRow>;

/** The delivery log: what happened to each notification, in order (its identity column). */
@Injectable()
export class DeliveryLogRepository {
  /** The INSERT of one notification's entries, in order (to run alone or `together` with its change). */
  entries(tx: Tx, notificationId: string, at: Date, entries: LogEntry[]): Sql {
    const column = <T>(pick: (e: LogEntry) => T | null | undefined) => entries.map((e) => pick(e) ?? null);
    return sql`INSERT INTO notifications.delivery_log (clinic_id, notification_id, at, event, channel, attempt,
                 provider_message_id, error_code)
               SELECT ${tx.clinicId}::uuid, ${notificationId}::uuid, ${at}::timestamptz, e.event, e.channel,
                      e.attempt, e.provider_message_id, e.error_code
                 FROM unnest(${column((e) => e.event)}::text[], ${column((e) => e.channel)}::text[],
                             ${column((e) => e.attempt)}::int[], ${column((e) => e.providerMessageId)}::text[],
                             ${column((e) => e.errorCode)}::text[])
                      WITH ORDINALITY AS e(event, channel, attempt, provider_message_id, error_code, n)
                ORDER BY e.n`;
  }

  /** Logs entries of one notification. */
  async append(tx: Tx, notificationId: string, at: Date, entries: LogEntry[]): Promise<void> {
    await tx.execute(this.entries(tx, notificationId, at, entries), { prepared: true });
  }

  /** Logs the same entry for each of several notifications (e.g. those a cancellation suppressed). */
  async appendToEach(tx: Tx, notificationIds: string[], at: Date, entry: LogEntry): Promise<void> {
    if (notificationIds.length === 0) return;
    await tx.execute(
      sql`INSERT INTO notifications.delivery_log (clinic_id, notification_id, at, event, channel, attempt,
            provider_message_id, error_code)
          SELECT ${tx.clinicId}::uuid, id, ${at}::timestamptz, ${entry.event}, ${entry.channel ?? null},
                 ${entry.attempt ?? null}::int, ${entry.providerMessageId ?? null}, ${entry.errorCode ?? null}
            FROM unnest(${notificationIds}::uuid[]) AS id`,
      { prepared: true },
    );
  }

  read(tx: Tx, notificationId: string): Promise<LoggedEntry[]> {
    return tx.rows(
      sql`SELECT at, event, channel, attempt, provider_message_id AS "providerMessageId", error_code AS "errorCode"
            FROM notifications.delivery_log
           WHERE clinic_id = ${tx.clinicId} AND notification_id = ${notificationId} ORDER BY id`,
      EntryRow,
    );
  }
}
