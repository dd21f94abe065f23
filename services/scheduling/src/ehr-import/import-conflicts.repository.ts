import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { empty, sql, toPage, type Page, type Tx } from '@carebus/persistence';

/** An EHR import that could not be applied, as recorded. */
export interface RecordedConflict {
  id: string;
  connectionId: string;
  externalId: string;
  calendarId: string | null;
  start: Date;
  end: Date;
  reason: string;
  conflictingAppointmentId: string | null;
  detectedAt: Date;
}

const ConflictRow = z
  .object({
    id: z.string(),
    connection_id: z.string(),
    external_id: z.string(),
    calendar_id: z.string().nullable(),
    start_at: z.date(),
    end_at: z.date(),
    reason: z.string(),
    conflicting_appointment_id: z.string().nullable(),
    detected_at: z.date(),
  })
  .transform((r): RecordedConflict => ({
    id: r.id,
    connectionId: r.connection_id,
    externalId: r.external_id,
    calendarId: r.calendar_id,
    start: r.start_at,
    end: r.end_at,
    reason: r.reason,
    conflictingAppointmentId: r.conflicting_appointment_id,
    detectedAt: r.detected_at,
  }));

@Injectable()
export class ImportConflictsRepository {
  /** Oldest first; `after` is the detection time and id of the previous page's last conflict. */
  async list(tx: Tx, limit: number, after: { at: Date; id: string } | null): Promise<Page<RecordedConflict>> {
    const rows = await tx.rows(
      sql`SELECT id, connection_id, external_id, calendar_id, lower(during) AS start_at, upper(during) AS end_at,
                 reason, conflicting_appointment_id, detected_at
          FROM scheduling.import_conflicts
          WHERE clinic_id = ${tx.clinicId}
            ${after ? sql`AND (detected_at, id) > (${after.at}::timestamptz, ${after.id}::uuid)` : empty}
          ORDER BY detected_at, id LIMIT ${limit + 1}`,
      ConflictRow,
    );
    return toPage(rows, limit, (c) => ({ key: c.detectedAt.toISOString(), id: c.id }));
  }
}
