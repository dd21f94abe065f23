import { sql, type Sql } from '@carebus/persistence';

/**
 * The unread counts recomputed from `messages`, as (inbox_id, subject, unread) rows of the
 * transaction's clinic: what the counters must equal. Used to rebuild them when the clinic's mode
 * or a unit's members change, and by tests to check them.
 */
export function unreadRecount(clinicId: string): Sql {
  return sql`
    WITH mode AS (
      SELECT coalesce((SELECT shared_read_clears FROM messaging.messaging_settings WHERE clinic_id = ${clinicId}), 'per_inbox') AS clears
    ), readers AS (
      SELECT i.id AS inbox_id, i.owner_subject AS subject, false AS whole FROM messaging.inboxes i
       WHERE i.clinic_id = ${clinicId} AND i.kind = 'personal'
      UNION ALL
      SELECT i.id, '', true FROM messaging.inboxes i, mode
       WHERE i.clinic_id = ${clinicId} AND i.kind = 'shared' AND mode.clears = 'per_inbox'
      UNION ALL
      SELECT i.id, om.subject, false FROM messaging.inboxes i CROSS JOIN mode
        JOIN messaging.org_members om ON om.unit_id = i.unit_id
       WHERE i.clinic_id = ${clinicId} AND i.kind = 'shared' AND mode.clears = 'per_user'
    )
    SELECT r.inbox_id AS "inboxId", r.subject, count(m.id)::int AS unread
      FROM readers r
      JOIN messaging.thread_inboxes ti ON ti.inbox_id = r.inbox_id
      LEFT JOIN messaging.thread_reads tr ON tr.thread_id = ti.thread_id AND tr.subject = r.subject AND NOT r.whole
      JOIN messaging.messages m ON m.thread_id = ti.thread_id AND m.direction IN ('inbound', 'internal')
       AND m.seq > (CASE WHEN r.whole THEN ti.read_seq ELSE coalesce(tr.read_seq, 0) END)
       AND (r.whole OR m.author_subject <> r.subject)
     GROUP BY r.inbox_id, r.subject`;
}
