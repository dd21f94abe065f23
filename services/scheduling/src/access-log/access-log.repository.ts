import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { empty, sql, toPage, type Page, type PageRequest, type Tx } from '@carebus/persistence';
import type { AccessLogEntry, PatientAccess } from './patient-access';

const EntryRow = z
  .object({
    id: z.string(),
    service: z.string(),
    subject: z.string(),
    role: z.string(),
    client_id: z.string().nullable(),
    display_name: z.string().nullable(),
    action: z.string(),
    resource_type: z.string(),
    resource_id: z.string().nullable(),
    outcome: z.enum(['allowed', 'denied', 'failed']),
    occurred_at: z.date(),
  })
  .transform((r): AccessLogEntry => ({
    id: r.id,
    service: r.service,
    subject: r.subject,
    role: r.role,
    clientId: r.client_id,
    displayName: r.display_name,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    outcome: r.outcome,
    occurredAt: r.occurred_at,
  }));

const UUID_TEXT = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** The patients' access histories (`scheduling.patient_access_log`), in the caller's tenant transaction. */
@Injectable()
export class AccessLogRepository {
  /** Keeps one access; the same event again (a replay past the inbox's memory) adds nothing. */
  async insert(tx: Tx, a: PatientAccess): Promise<void> {
    await tx.execute(
      sql`INSERT INTO scheduling.patient_access_log (id, clinic_id, patient_id, event_id, service, subject, role,
            client_id, display_name, action, resource_type, resource_id, outcome, occurred_at)
          VALUES (${uuidv7()}, ${tx.clinicId}, ${a.patientId}, ${a.eventId}, ${a.service}, ${a.subject}, ${a.role},
            ${a.clientId}, ${a.displayName}, ${a.action}, ${a.resourceType}, ${a.resourceId}, ${a.outcome},
            ${a.occurredAt})
          ON CONFLICT (clinic_id, event_id) DO NOTHING`,
      { prepared: true },
    );
  }

  /**
   * One page of a patient's history, newest first. Without `includeHidden` (guardians) accesses
   * to the patient's hidden appointments are left out, as the appointments themselves are.
   */
  async page(
    tx: Tx,
    patientId: string,
    page: PageRequest,
    includeHidden: boolean,
  ): Promise<Page<AccessLogEntry>> {
    const after = page.after
      ? sql`AND (l.occurred_at, l.id) < (SELECT c.occurred_at, c.id FROM scheduling.patient_access_log c
              WHERE c.clinic_id = ${tx.clinicId} AND c.patient_id = ${patientId} AND c.id = ${page.after.id})`
      : empty;
    const hidden = includeHidden
      ? empty
      : sql`AND NOT (l.resource_type = 'appointment' AND EXISTS (
              SELECT 1 FROM scheduling.appointments a
              WHERE a.clinic_id = l.clinic_id AND a.hidden
                AND a.id = CASE WHEN l.resource_id ~ ${UUID_TEXT} THEN l.resource_id::uuid END))`;
    const rows = await tx.rows(
      sql`SELECT l.id, l.service, l.subject, l.role, l.client_id, l.display_name, l.action, l.resource_type,
                 l.resource_id, l.outcome, l.occurred_at
          FROM scheduling.patient_access_log l
          WHERE l.clinic_id = ${tx.clinicId} AND l.patient_id = ${patientId} ${after} ${hidden}
          ORDER BY l.occurred_at DESC, l.id DESC
          LIMIT ${page.limit + 1}`,
      EntryRow,
    );
    return toPage(rows, page.limit, (e) => ({ key: e.occurredAt.toISOString(), id: e.id }));
  }
}
