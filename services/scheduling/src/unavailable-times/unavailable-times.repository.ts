import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '@carebus/errors';
import { inTenantTransaction } from '@carebus/platform';
import { CalendarsRepository } from '../calendars/calendars.repository';
import { type Page, type PageRequest } from '../persistence/keyset-page';
import { toPage } from '../shared/cursor';
import type { TimeRange } from '../shared/time-range';
import type { UnavailableKind } from './unavailable-time.entity';

export const UNAVAILABLE_TIME_NOT_FOUND = 'scheduling.unavailable_time_not_found';

export interface UnavailablePeriod {
  id: string;
  calendarId: string;
  start: Date;
  end: Date;
  kind: UnavailableKind;
  reason: string;
  source: 'clinic' | 'ehr_import';
  createdAt: Date;
}

interface Row extends UnavailablePeriod {
  /** lower(during) as PostgreSQL prints it: exact to the microsecond, for the cursor. */
  startKey: string;
}

const COLUMNS = `id, calendar_id AS "calendarId", lower(during) AS start, upper(during) AS "end", kind, reason,
  source, created_at AS "createdAt", lower(during)::text AS "startKey"`;

const notFound = () => new NotFoundError(UNAVAILABLE_TIME_NOT_FOUND, 'No such unavailable time.');

const withoutKey = ({ startKey: _startKey, ...period }: Row): UnavailablePeriod => period;

@Injectable()
export class UnavailableTimesRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendars: CalendarsRepository,
  ) {}

  /** The calendar's unavailable time overlapping `period`, by start. */
  async listForCalendar(
    clinicId: string,
    calendarId: string,
    period: TimeRange,
    page: PageRequest,
  ): Promise<Page<UnavailablePeriod>> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      await this.calendars.require(manager, clinicId, calendarId);
      const params: unknown[] = [clinicId, calendarId, period.start, period.end, page.limit + 1];
      const after = page.after ? `AND (lower(during), id) > ($6::timestamptz, $7::uuid)` : '';
      if (page.after) params.push(page.after.key, page.after.id);
      const rows: Row[] = await manager.query(
        `SELECT ${COLUMNS} FROM scheduling.unavailable_times
         WHERE clinic_id = $1 AND calendar_id = $2 AND during && tstzrange($3, $4, '[)') ${after}
         ORDER BY lower(during), id LIMIT $5`,
        params,
      );
      const result = toPage(rows, page.limit, (row) => ({ key: row.startKey, id: row.id }));
      return { items: result.items.map(withoutKey), nextCursor: result.nextCursor };
    });
  }

  async get(clinicId: string, id: string): Promise<UnavailablePeriod> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const [row] = (await manager.query(
        `SELECT ${COLUMNS} FROM scheduling.unavailable_times WHERE clinic_id = $1 AND id = $2`,
        [clinicId, id],
      )) as Row[];
      if (!row) throw notFound();
      return withoutKey(row);
    });
  }

  async create(
    clinicId: string,
    calendarId: string,
    input: { during: TimeRange; kind: UnavailableKind; reason: string },
  ): Promise<UnavailablePeriod> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      await this.calendars.require(manager, clinicId, calendarId);
      const [row] = (await manager.query(
        `INSERT INTO scheduling.unavailable_times (id, clinic_id, calendar_id, during, kind, reason)
         VALUES ($1, $2, $3, tstzrange($4, $5, '[)'), $6, $7)
         RETURNING ${COLUMNS}`,
        [randomUUID(), clinicId, calendarId, input.during.start, input.during.end, input.kind, input.reason],
      )) as Row[];
      return withoutKey(row);
    });
  }

  async delete(clinicId: string, id: string): Promise<void> {
    await inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const [, affected] = (await manager.query(
        `DELETE FROM scheduling.unavailable_times WHERE clinic_id = $1 AND id = $2`,
        [clinicId, id],
      )) as [unknown, number];
      if (!affected) throw notFound();
    });
  }
}
