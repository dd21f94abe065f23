import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { empty, join, raw, sql, toPage, type Page, type PageRequest, type Tx } from '@carebus/persistence';
import { assignments, definedFields } from '../persistence/assignments';
import { calendarNotFound } from '../scheduling.errors';
import type { Calendar, CalendarFilter, CalendarInput } from './calendar';

const CalendarRow = z
  .object({
    id: z.string(),
    name: z.string(),
    owner_practitioner_id: z.string().nullable(),
    resource_name: z.string().nullable(),
    location_id: z.string().nullable(),
    online_bookable: z.boolean(),
    min_notice_minutes: z.number(),
    max_days_ahead: z.number(),
    listed_patients_only: z.boolean(),
    created_at: z.date(),
    version: z.coerce.number().int(),
    updated_at: z.date(),
  })
  .transform((r): Calendar => ({
    id: r.id,
    name: r.name,
    ownerPractitionerId: r.owner_practitioner_id,
    resourceName: r.resource_name,
    locationId: r.location_id,
    onlineBookable: r.online_bookable,
    minNoticeMinutes: r.min_notice_minutes,
    maxDaysAhead: r.max_days_ahead,
    listedPatientsOnly: r.listed_patients_only,
    createdAt: r.created_at,
    version: r.version,
    updatedAt: r.updated_at,
  }));

const COLUMNS = sql`id, name, owner_practitioner_id, resource_name, location_id, online_bookable,
  min_notice_minutes, max_days_ahead, listed_patients_only, created_at, version, updated_at`;

const SETTABLE = {
  name: 'name',
  ownerPractitionerId: 'owner_practitioner_id',
  resourceName: 'resource_name',
  locationId: 'location_id',
  onlineBookable: 'online_bookable',
  minNoticeMinutes: 'min_notice_minutes',
  maxDaysAhead: 'max_days_ahead',
  listedPatientsOnly: 'listed_patients_only',
} as const;

@Injectable()
export class CalendarsRepository {
  async list(tx: Tx, page: PageRequest, filter: CalendarFilter): Promise<Page<Calendar>> {
    const rows = await tx.rows(
      sql`SELECT ${COLUMNS} FROM scheduling.calendars WHERE clinic_id = ${tx.clinicId}
          ${filter.practitionerId ? sql`AND owner_practitioner_id = ${filter.practitionerId}` : empty}
          ${filter.locationId ? sql`AND location_id = ${filter.locationId}` : empty}
          ${filter.onlineBookable !== undefined ? sql`AND online_bookable = ${filter.onlineBookable}` : empty}
          ${page.after ? sql`AND (name, id) > (${page.after.key}, ${page.after.id}::uuid)` : empty}
          ORDER BY name, id LIMIT ${page.limit + 1}`,
      CalendarRow,
    );
    return toPage(rows, page.limit, (c) => ({ key: c.name, id: c.id }));
  }

  find(tx: Tx, id: string): Promise<Calendar | undefined> {
    return tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM scheduling.calendars WHERE clinic_id = ${tx.clinicId} AND id = ${id}`,
      CalendarRow,
    );
  }

  /** A calendar named in a request path (`/v1/calendars/:id/...`): 404 when unknown or another clinic's. */
  async require(tx: Tx, id: string): Promise<Calendar> {
    const calendar = await this.find(tx, id);
    if (!calendar) throw calendarNotFound();
    return calendar;
  }

  /** Fields left out take the columns' defaults. */
  insert(tx: Tx, input: Partial<CalendarInput> & { name: string }): Promise<Calendar> {
    const { names, values } = definedFields(input, SETTABLE);
    return tx.one(
      sql`INSERT INTO scheduling.calendars (${join([raw('id'), raw('clinic_id'), ...names])})
          VALUES (${join([randomUUID(), tx.clinicId, ...values])}) RETURNING ${COLUMNS}`,
      CalendarRow,
    );
  }

  async update(tx: Tx, id: string, changes: Partial<CalendarInput>): Promise<Calendar | undefined> {
    const set = assignments(changes, SETTABLE);
    if (set === null) return this.find(tx, id);
    return tx.maybeOne(
      sql`UPDATE scheduling.calendars SET ${set}, version = version + 1, updated_at = now() WHERE clinic_id = ${tx.clinicId} AND id = ${id}
          RETURNING ${COLUMNS}`,
      CalendarRow,
    );
  }

  /** The calendar as it was, or undefined when there was none; work plans, unavailable time or appointments fail the foreign keys. */
  delete(tx: Tx, id: string): Promise<Calendar | undefined> {
    return tx.maybeOne(
      sql`DELETE FROM scheduling.calendars WHERE clinic_id = ${tx.clinicId} AND id = ${id} RETURNING ${COLUMNS}`,
      CalendarRow,
    );
  }
}
