import { Injectable } from '@nestjs/common';
import { empty, raw, sql, toPage, type Page, type PageRequest, type Tx } from '@carebus/persistence';
import type { Thread } from './thread';
import { ThreadRow } from './threads.repository';

const T = raw(`t.id, t.clinic_id AS "clinicId", t.kind, t.origin, t.patient_id AS "patientId", t.subject,
  t.created_by AS "createdBy", t.created_by_kind AS "createdByKind", t.appointment_id AS "appointmentId", t.hidden,
  t.converted_from AS "convertedFrom", t.converted_at AS "convertedAt", t.journal_status AS "journalStatus",
  t.journal_entry_id AS "journalEntryId", t.renewal_outcome AS "renewalOutcome", t.routing,
  t.message_count AS "messageCount", t.last_message_at AS "lastMessageAt", t.created_at AS "createdAt",
  t.updated_at AS "updatedAt"`);

const position = (t: Thread) => ({ key: t.lastMessageAt.toISOString(), id: t.id });

/** Thread lists, newest activity first: an inbox's, and a patient's own. */
@Injectable()
export class ThreadListsRepository {
  async inInbox(tx: Tx, inboxId: string, page: PageRequest): Promise<Page<Thread>> {
    const after = page.after
      ? sql`AND (ti.last_message_at, ti.thread_id) < (${page.after.key}::timestamptz, ${page.after.id}::uuid)`
      : empty;
    const rows = await tx.rows(
      sql`SELECT ${T} FROM messaging.thread_inboxes ti JOIN messaging.threads t ON t.id = ti.thread_id
           WHERE ti.clinic_id = ${tx.clinicId} AND ti.inbox_id = ${inboxId}::uuid ${after}
           ORDER BY ti.last_message_at DESC, ti.thread_id DESC LIMIT ${page.limit + 1}`,
      ThreadRow,
    );
    return toPage(rows, page.limit, position);
  }

  async ofPatient(tx: Tx, patientId: string, seesHidden: boolean, page: PageRequest): Promise<Page<Thread>> {
    const after = page.after
      ? sql`AND (t.last_message_at, t.id) < (${page.after.key}::timestamptz, ${page.after.id}::uuid)`
      : empty;
    const rows = await tx.rows(
      sql`SELECT ${T} FROM messaging.threads t
           WHERE t.clinic_id = ${tx.clinicId} AND t.patient_id = ${patientId}::uuid
             AND (${seesHidden}::boolean OR NOT t.hidden) ${after}
           ORDER BY t.last_message_at DESC, t.id DESC LIMIT ${page.limit + 1}`,
      ThreadRow,
    );
    return toPage(rows, page.limit, position);
  }
}
