import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { empty, join, sql, together, type Sql, type Tx } from '@carebus/persistence';
import { assignments } from '../persistence/assignments';
import type { Appointment } from './appointment';
import type { AppointmentChange, AppointmentFilter, NewAppointment } from './appointment-change';
import { AppointmentColumns, AppointmentRow, selectAppointments, toAppointment } from './appointment-row';

const CreatedRow = z.object({ created_at: z.date() });
const WithRequestHash = AppointmentColumns.extend({ request_hash: z.string().nullable() });
const WithExternalUpdatedAt = AppointmentColumns.extend({ external_updated_at: z.date().nullable() });

const CHANGE_COLUMNS = {
  calendarId: 'calendar_id',
  appointmentTypeId: 'appointment_type_id',
  contactSurface: 'contact_surface',
  hidden: 'hidden',
  status: 'status',
  videoStartedAt: 'video_started_at',
  arrivedAt: 'arrived_at',
  cancelledAt: 'cancelled_at',
  cancelledBy: 'cancelled_by',
  cancelReason: 'cancel_reason',
  externalUpdatedAt: 'external_updated_at',
} as const;

/**
 * The only place that reads and writes appointments, scoped by the transaction's clinic (and
 * row-level security). Reads run prepared: the few texts their filters make are fixed in code.
 */
@Injectable()
export class AppointmentsRepository {
  /**
   * Inserts the appointment, and in the same statement whatever goes `alongside` it (its outbox
   * event, its audit row): one round trip for the whole change.
   */
  async insert(tx: Tx, a: NewAppointment, alongside: Sql[] = []): Promise<{ createdAt: Date }> {
    const insert = sql`INSERT INTO scheduling.appointments (id, clinic_id, calendar_id, appointment_type_id,
         patient_id, during, status, contact_surface, hidden, source_channel, note, booked_by, idempotency_key,
         request_hash, connection_id, external_id, external_updated_at)
       VALUES (${a.id}, ${tx.clinicId}, ${a.calendarId}, ${a.appointmentTypeId}, ${a.patientId},
         tstzrange(${a.start}, ${a.end}, '[)'), 'booked', ${a.contactSurface}, ${a.hidden}, ${a.sourceChannel},
         ${a.note}, ${a.bookedBy}, ${a.idempotencyKey ?? null}, ${a.requestHash ?? null},
         ${a.external?.connectionId ?? null}, ${a.external?.externalId ?? null}, ${a.external?.updatedAt ?? null})
       RETURNING created_at`;
    const row = await tx.one(together(insert, ...alongside), CreatedRow, { prepared: true });
    return { createdAt: row.created_at };
  }

  find(tx: Tx, id: string): Promise<Appointment | undefined> {
    return tx.maybeOne(
      sql`${selectAppointments()} WHERE a.clinic_id = ${tx.clinicId} AND a.id = ${id}`,
      AppointmentRow,
      { prepared: true },
    );
  }

  /** The appointment, its row locked for a change (FOR UPDATE). */
  lock(tx: Tx, id: string): Promise<Appointment | undefined> {
    return tx.maybeOne(
      sql`${selectAppointments()} WHERE a.clinic_id = ${tx.clinicId} AND a.id = ${id} FOR UPDATE OF a`,
      AppointmentRow,
      { prepared: true },
    );
  }

  async findByIdempotencyKey(
    tx: Tx,
    key: string,
  ): Promise<{ appointment: Appointment; requestHash: string | null } | undefined> {
    const row = await tx.maybeOne(
      sql`${selectAppointments(sql`, a.request_hash`)} WHERE a.clinic_id = ${tx.clinicId} AND a.idempotency_key = ${key}`,
      WithRequestHash,
      { prepared: true },
    );
    return row && { appointment: toAppointment(row), requestHash: row.request_hash };
  }

  /** The appointment an EHR import refers to, locked for the import's change. */
  async lockByExternalId(
    tx: Tx,
    connectionId: string,
    externalId: string,
  ): Promise<(Appointment & { externalUpdatedAt: Date | null }) | undefined> {
    const row = await tx.maybeOne(
      sql`${selectAppointments(sql`, a.external_updated_at`)}
          WHERE a.clinic_id = ${tx.clinicId} AND a.connection_id = ${connectionId} AND a.external_id = ${externalId}
          FOR UPDATE OF a`,
      WithExternalUpdatedAt,
    );
    return row && { ...toAppointment(row), externalUpdatedAt: row.external_updated_at };
  }

  /** Active appointments in a calendar overlapping [from, to), locked for a change of the day. */
  lockActiveInCalendar(tx: Tx, calendarId: string, from: Date, to: Date): Promise<Appointment[]> {
    return tx.rows(
      sql`${selectAppointments()} WHERE a.clinic_id = ${tx.clinicId} AND a.calendar_id = ${calendarId}
            AND a.status IN ('booked', 'arrived') AND a.during && tstzrange(${from}, ${to}, '[)')
          ORDER BY lower(a.during), a.id FOR UPDATE OF a`,
      AppointmentRow,
    );
  }

  /** One page (limit + 1 rows) by start; each filter adds a fixed condition, so the texts are few. */
  list(tx: Tx, f: AppointmentFilter): Promise<Appointment[]> {
    const conditions = [
      f.calendarId ? sql`AND a.calendar_id = ${f.calendarId}` : empty,
      f.patientId ? sql`AND a.patient_id = ${f.patientId}` : empty,
      f.statuses?.length ? sql`AND a.status = ANY(${f.statuses}::text[])` : empty,
      f.from ? sql`AND lower(a.during) >= ${f.from}` : empty,
      f.to ? sql`AND lower(a.during) < ${f.to}` : empty,
      f.includeHidden ? empty : sql`AND NOT a.hidden`,
      f.after
        ? sql`AND (lower(a.during), a.id) > (${f.after.start}::timestamptz, ${f.after.id}::uuid)`
        : empty,
    ];
    return tx.rows(
      sql`${selectAppointments()} WHERE a.clinic_id = ${tx.clinicId} ${join(conditions, ' ')}
          ORDER BY lower(a.during), a.id LIMIT ${f.limit + 1}`,
      AppointmentRow,
      { prepared: true },
    );
  }

  /** Applies a change; a move onto a booked time fails the no-double-booking constraint (409 slot_taken). */
  async apply(tx: Tx, id: string, change: AppointmentChange): Promise<void> {
    const { start, end, ...columns } = change;
    const parts = [
      assignments(columns, CHANGE_COLUMNS),
      start !== undefined && end !== undefined ? sql`during = tstzrange(${start}, ${end}, '[)')` : null,
      sql`version = version + 1, updated_at = now()`,
    ].filter((part): part is Sql => part !== null);
    await tx.execute(
      sql`UPDATE scheduling.appointments SET ${join(parts, ', ')} WHERE clinic_id = ${tx.clinicId} AND id = ${id}`,
    );
  }
}
