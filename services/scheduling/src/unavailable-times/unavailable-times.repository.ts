import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { empty, sql, toPage, type Page, type PageRequest, type Tx } from '@carebus/persistence';
import type { TimeRange } from '../shared/time-range';
import { UNAVAILABLE_KINDS, type UnavailableInput, type UnavailablePeriod } from './unavailable-time';

const PeriodRow = z.object({
  id: z.string(),
  calendar_id: z.string(),
  start_at: z.date(),
  end_at: z.date(),
  kind: z.enum(UNAVAILABLE_KINDS),
  reason: z.string(),
  source: z.enum(['clinic', 'ehr_import']),
  created_at: z.date(),
  /** lower(during) as PostgreSQL prints it: exact to the microsecond, for the cursor. */
  start_key: z.string(),
});
type PeriodRow = z.infer<typeof PeriodRow>;

const COLUMNS = sql`id, calendar_id, lower(during) AS start_at, upper(during) AS end_at, kind, reason, source,
  created_at, lower(during)::text AS start_key`;

const toPeriod = (r: PeriodRow): UnavailablePeriod => ({
  id: r.id,
  calendarId: r.calendar_id,
  start: r.start_at,
  end: r.end_at,
  kind: r.kind,
  reason: r.reason,
  source: r.source,
  createdAt: r.created_at,
});

@Injectable()
export class UnavailableTimesRepository {
  /** The calendar's unavailable time overlapping `period`, by start. */
  async listForCalendar(
    tx: Tx,
    calendarId: string,
    period: TimeRange,
    page: PageRequest,
  ): Promise<Page<UnavailablePeriod>> {
    const after = page.after
      ? sql`AND (lower(during), id) > (${page.after.key}::timestamptz, ${page.after.id}::uuid)`
      : empty;
    const rows = await tx.rows(
      sql`SELECT ${COLUMNS} FROM scheduling.unavailable_times
          WHERE clinic_id = ${tx.clinicId} AND calendar_id = ${calendarId}
            AND during && tstzrange(${period.start}, ${period.end}, '[)') ${after}
          ORDER BY lower(during), id LIMIT ${page.limit + 1}`,
      PeriodRow,
    );
    const result = toPage(rows, page.limit, (row) => ({ key: row.start_key, id: row.id }));
    return { items: result.items.map(toPeriod), nextCursor: result.nextCursor };
  }

  async find(tx: Tx, id: string): Promise<UnavailablePeriod | undefined> {
    const row = await tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM scheduling.unavailable_times WHERE clinic_id = ${tx.clinicId} AND id = ${id}`,
      PeriodRow,
    );
    return row && toPeriod(row);
  }

  async insert(tx: Tx, calendarId: string, input: UnavailableInput): Promise<UnavailablePeriod> {
    const row = await tx.one(
      sql`INSERT INTO scheduling.unavailable_times (id, clinic_id, calendar_id, during, kind, reason)
          VALUES (${randomUUID()}, ${tx.clinicId}, ${calendarId}, tstzrange(${input.during.start}, ${input.during.end}, '[)'),
                  ${input.kind}, ${input.reason})
          RETURNING ${COLUMNS}`,
      PeriodRow,
    );
    return toPeriod(row);
  }

  delete(tx: Tx, id: string): Promise<number> {
    return tx.execute(
      sql`DELETE FROM scheduling.unavailable_times WHERE clinic_id = ${tx.clinicId} AND id = ${id}`,
    );
  }
}
