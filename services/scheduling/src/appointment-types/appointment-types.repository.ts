import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  empty,
  join,
  raw,
  sql,
  toPage,
  type Page,
  type PageRequest,
  type Sql,
  type Tx,
} from '@carebus/persistence';
import { assignments, definedFields } from '../persistence/assignments';
import {
  CONTACT_SURFACES,
  type AppointmentType,
  type AppointmentTypeInput,
  type TypeVisibility,
} from './appointment-type';

const TypeRow = z
  .object({
    id: z.string(),
    name: z.string(),
    duration_minutes: z.number(),
    colour: z.string(),
    price_minor: z.number(),
    currency: z.string(),
    contact_surface: z.enum(CONTACT_SURFACES),
    patient_bookable: z.boolean(),
    patient_information: z.string(),
    notifications_enabled: z.boolean(),
    hidden: z.boolean(),
    daily_online_limit: z.number().nullable(),
    archived: z.boolean(),
    created_at: z.date(),
    version: z.coerce.number().int(),
    updated_at: z.date(),
  })
  .transform((r): AppointmentType => ({
    id: r.id,
    name: r.name,
    durationMinutes: r.duration_minutes,
    colour: r.colour,
    priceMinor: r.price_minor,
    currency: r.currency,
    contactSurface: r.contact_surface,
    patientBookable: r.patient_bookable,
    patientInformation: r.patient_information,
    notificationsEnabled: r.notifications_enabled,
    hidden: r.hidden,
    dailyOnlineLimit: r.daily_online_limit,
    archived: r.archived,
    createdAt: r.created_at,
    version: r.version,
    updatedAt: r.updated_at,
  }));

const COLUMNS = sql`id, name, duration_minutes, colour, price_minor, currency, contact_surface, patient_bookable,
  patient_information, notifications_enabled, hidden, daily_online_limit, archived, created_at, version, updated_at`;

const SETTABLE = {
  name: 'name',
  durationMinutes: 'duration_minutes',
  colour: 'colour',
  priceMinor: 'price_minor',
  currency: 'currency',
  contactSurface: 'contact_surface',
  patientBookable: 'patient_bookable',
  patientInformation: 'patient_information',
  notificationsEnabled: 'notifications_enabled',
  hidden: 'hidden',
  dailyOnlineLimit: 'daily_online_limit',
  archived: 'archived',
} as const;

/** The conditions that keep from a caller the types it may not see. */
function visibleTo(v: TypeVisibility): Sql {
  return join(
    [
      v.bookableOnly ? sql`AND patient_bookable AND NOT archived` : empty,
      v.includeArchived ? empty : sql`AND NOT archived`,
      v.includeHidden ? empty : sql`AND NOT hidden`,
    ],
    ' ',
  );
}

@Injectable()
export class AppointmentTypesRepository {
  async list(tx: Tx, page: PageRequest, visibility: TypeVisibility): Promise<Page<AppointmentType>> {
    const after = page.after ? sql`AND (name, id) > (${page.after.key}, ${page.after.id}::uuid)` : empty;
    const rows = await tx.rows(
      sql`SELECT ${COLUMNS} FROM scheduling.appointment_types WHERE clinic_id = ${tx.clinicId}
          ${visibleTo(visibility)} ${after} ORDER BY name, id LIMIT ${page.limit + 1}`,
      TypeRow,
    );
    return toPage(rows, page.limit, (t) => ({ key: t.name, id: t.id }));
  }

  /** The type if this caller may see it. */
  findVisible(tx: Tx, id: string, visibility: TypeVisibility): Promise<AppointmentType | undefined> {
    return tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM scheduling.appointment_types WHERE clinic_id = ${tx.clinicId} AND id = ${id}
          ${visibleTo(visibility)}`,
      TypeRow,
    );
  }

  /** The type, archived or not, or undefined when unknown or another clinic's. */
  find(tx: Tx, id: string): Promise<AppointmentType | undefined> {
    return tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM scheduling.appointment_types WHERE clinic_id = ${tx.clinicId} AND id = ${id}`,
      TypeRow,
    );
  }

  /** Those of these types the clinic has; unknown ids are left out. */
  findMany(tx: Tx, ids: string[]): Promise<AppointmentType[]> {
    return tx.rows(
      sql`SELECT ${COLUMNS} FROM scheduling.appointment_types WHERE clinic_id = ${tx.clinicId} AND id = ANY(${ids}::uuid[])`,
      TypeRow,
    );
  }

  /** Fields left out take the columns' defaults. */
  insert(tx: Tx, input: Partial<AppointmentTypeInput>): Promise<AppointmentType> {
    const { names, values } = definedFields(input, SETTABLE);
    return tx.one(
      sql`INSERT INTO scheduling.appointment_types (${join([raw('id'), raw('clinic_id'), ...names])})
          VALUES (${join([randomUUID(), tx.clinicId, ...values])}) RETURNING ${COLUMNS}`,
      TypeRow,
    );
  }

  async update(
    tx: Tx,
    id: string,
    changes: Partial<AppointmentTypeInput>,
  ): Promise<AppointmentType | undefined> {
    const set = assignments(changes, SETTABLE);
    if (set === null) return this.find(tx, id);
    return tx.maybeOne(
      sql`UPDATE scheduling.appointment_types SET ${set}, version = version + 1, updated_at = now() WHERE clinic_id = ${tx.clinicId} AND id = ${id}
          RETURNING ${COLUMNS}`,
      TypeRow,
    );
  }
}
