import { Injectable } from '@nestjs/common';
import { ConflictError } from '@carebus/errors';
import type { EntityManager } from 'typeorm';
import { preparedTogether, type SqlStatement } from '@carebus/platform';
import { translateConstraint } from '../shared/database-errors';
import type {
  Appointment,
  AppointmentStatus,
  CancelledBy,
  ContactSurface,
  SourceChannel,
} from './appointment';

const SELECT = `
  SELECT a.id, a.clinic_id, a.calendar_id, c.owner_practitioner_id, a.appointment_type_id,
         t.name AS type_name, t.patient_information, t.notifications_enabled, a.patient_id,
         lower(a.during) AS start_at, upper(a.during) AS end_at, a.status, a.contact_surface, a.hidden,
         a.source_channel, a.video_started_at, a.arrived_at, a.cancelled_at, a.cancelled_by,
         a.cancel_reason, a.note, a.version, a.created_at, a.updated_at
  FROM scheduling.appointments a
  JOIN scheduling.appointment_types t ON t.id = a.appointment_type_id
  JOIN scheduling.calendars c ON c.id = a.calendar_id`;

export interface NewAppointment {
  id: string;
  clinicId: string;
  calendarId: string;
  appointmentTypeId: string;
  patientId: string;
  start: Date;
  end: Date;
  contactSurface: ContactSurface;
  hidden: boolean;
  sourceChannel: SourceChannel;
  note: string;
  bookedBy: string;
  idempotencyKey?: string | undefined;
  requestHash?: string | undefined;
  external?: { connectionId: string; externalId: string; updatedAt: Date | null } | undefined;
}

/** Columns a use case may change; each change bumps `version` and `updated_at`. */
export interface AppointmentChange {
  calendarId?: string;
  start?: Date;
  end?: Date;
  appointmentTypeId?: string;
  contactSurface?: ContactSurface;
  hidden?: boolean;
  status?: AppointmentStatus;
  videoStartedAt?: Date;
  arrivedAt?: Date;
  cancelledAt?: Date;
  cancelledBy?: CancelledBy;
  cancelReason?: string;
  externalUpdatedAt?: Date | null;
}

export interface AppointmentFilter {
  calendarId?: string;
  patientId?: string;
  statuses?: AppointmentStatus[];
  from?: Date;
  to?: Date;
  includeHidden: boolean;
  after?: { start: Date; id: string };
  limit: number;
}

export const slotTaken = (): ConflictError =>
  new ConflictError('scheduling.slot_taken', 'The time is already booked in this calendar.');

/** The only place that reads and writes appointments. Every query is scoped by clinic (and RLS). */
@Injectable()
export class AppointmentsRepository {
  /**
   * Inserts the appointment, and in the same statement whatever goes `alongside` it (its outbox
   * event, its audit row): one round trip for the whole change.
   */
  async insert(
    manager: EntityManager,
    a: NewAppointment,
    alongside: SqlStatement[] = [],
  ): Promise<{ createdAt: Date }> {
    try {
      const insert: SqlStatement = {
        name: 'scheduling.appointment_insert',
        text: `INSERT INTO scheduling.appointments (id, clinic_id, calendar_id, appointment_type_id, patient_id, during,
           status, contact_surface, hidden, source_channel, note, booked_by, idempotency_key, request_hash,
           connection_id, external_id, external_updated_at)
         VALUES ($1, $2, $3, $4, $5, tstzrange($6, $7, '[)'), 'booked', $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         RETURNING created_at`,
        values: [
          a.id,
          a.clinicId,
          a.calendarId,
          a.appointmentTypeId,
          a.patientId,
          a.start,
          a.end,
          a.contactSurface,
          a.hidden,
          a.sourceChannel,
          a.note,
          a.bookedBy,
          a.idempotencyKey ?? null,
          a.requestHash ?? null,
          a.external?.connectionId ?? null,
          a.external?.externalId ?? null,
          a.external?.updatedAt ?? null,
        ],
      };
      const [row] = await preparedTogether<{ created_at: Date }>(manager, [insert, ...alongside]);
      return { createdAt: row!.created_at };
    } catch (error) {
      translateConstraint(error, {
        appointments_no_double_booking: slotTaken,
        appointments_idempotency_key: () => new IdempotencyKeyUsed(),
      });
    }
  }

  async findById(
    manager: EntityManager,
    clinicId: string,
    id: string,
    lock = false,
  ): Promise<Appointment | null> {
    const rows = await manager.query(
      `${SELECT} WHERE a.clinic_id = $1 AND a.id = $2 ${lock ? 'FOR UPDATE OF a' : ''}`,
      [clinicId, id],
    );
    return rows[0] ? toAppointment(rows[0]) : null;
  }

  async findByIdempotencyKey(
    manager: EntityManager,
    clinicId: string,
    key: string,
  ): Promise<{ appointment: Appointment; requestHash: string | null } | null> {
    const rows = await manager.query(
      `${SELECT.replace('a.updated_at', 'a.updated_at, a.request_hash')} WHERE a.clinic_id = $1 AND a.idempotency_key = $2`,
      [clinicId, key],
    );
    return rows[0] ? { appointment: toAppointment(rows[0]), requestHash: rows[0].request_hash } : null;
  }

  async findByExternalId(
    manager: EntityManager,
    clinicId: string,
    connectionId: string,
    externalId: string,
  ): Promise<(Appointment & { externalUpdatedAt: Date | null }) | null> {
    const rows = await manager.query(
      `${SELECT.replace('a.updated_at', 'a.updated_at, a.external_updated_at')}
       WHERE a.clinic_id = $1 AND a.connection_id = $2 AND a.external_id = $3 FOR UPDATE OF a`,
      [clinicId, connectionId, externalId],
    );
    return rows[0] ? { ...toAppointment(rows[0]), externalUpdatedAt: rows[0].external_updated_at } : null;
  }

  /** Active appointments in a calendar overlapping [from, to), locked for a change of the day. */
  async findActiveInCalendar(
    manager: EntityManager,
    clinicId: string,
    calendarId: string,
    from: Date,
    to: Date,
  ): Promise<Appointment[]> {
    const rows = await manager.query(
      `${SELECT} WHERE a.clinic_id = $1 AND a.calendar_id = $2 AND a.status IN ('booked', 'arrived')
         AND a.during && tstzrange($3, $4, '[)') ORDER BY lower(a.during), a.id FOR UPDATE OF a`,
      [clinicId, calendarId, from, to],
    );
    return rows.map(toAppointment);
  }

  async list(manager: EntityManager, clinicId: string, f: AppointmentFilter): Promise<Appointment[]> {
    const where = ['a.clinic_id = $1'];
    const params: unknown[] = [clinicId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.calendarId) add('a.calendar_id = ?', f.calendarId);
    if (f.patientId) add('a.patient_id = ?', f.patientId);
    if (f.statuses?.length) add('a.status = ANY(?)', f.statuses);
    if (f.from) add('lower(a.during) >= ?', f.from);
    if (f.to) add('lower(a.during) < ?', f.to);
    if (!f.includeHidden) where.push('NOT a.hidden');
    if (f.after) {
      params.push(f.after.start, f.after.id);
      where.push(`(lower(a.during), a.id) > ($${params.length - 1}, $${params.length})`);
    }
    params.push(f.limit + 1);
    const rows = await manager.query(
      `${SELECT} WHERE ${where.join(' AND ')} ORDER BY lower(a.during), a.id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toAppointment);
  }

  async databaseNow(manager: EntityManager): Promise<Date> {
    const [row] = await manager.query(`SELECT now() AS now`);
    return row.now as Date;
  }

  /** Appointments changed at or after `since` (oldest first), for watchers polling for changes. */
  async changedSince(
    manager: EntityManager,
    clinicId: string,
    since: Date,
    calendarId: string | undefined,
    limit: number,
  ): Promise<Appointment[]> {
    const rows = await manager.query(
      `${SELECT} WHERE a.clinic_id = $1 AND a.updated_at >= $2 AND ($3::uuid IS NULL OR a.calendar_id = $3)
       ORDER BY a.updated_at, a.id LIMIT $4`,
      [clinicId, since, calendarId ?? null, limit],
    );
    return rows.map(toAppointment);
  }

  async apply(
    manager: EntityManager,
    clinicId: string,
    id: string,
    change: AppointmentChange,
  ): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [clinicId, id];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (change.calendarId !== undefined) set('calendar_id', change.calendarId);
    if (change.start !== undefined && change.end !== undefined) {
      params.push(change.start, change.end);
      sets.push(`during = tstzrange($${params.length - 1}, $${params.length}, '[)')`);
    }
    if (change.appointmentTypeId !== undefined) set('appointment_type_id', change.appointmentTypeId);
    if (change.contactSurface !== undefined) set('contact_surface', change.contactSurface);
    if (change.hidden !== undefined) set('hidden', change.hidden);
    if (change.status !== undefined) set('status', change.status);
    if (change.videoStartedAt !== undefined) set('video_started_at', change.videoStartedAt);
    if (change.arrivedAt !== undefined) set('arrived_at', change.arrivedAt);
    if (change.cancelledAt !== undefined) set('cancelled_at', change.cancelledAt);
    if (change.cancelledBy !== undefined) set('cancelled_by', change.cancelledBy);
    if (change.cancelReason !== undefined) set('cancel_reason', change.cancelReason);
    if (change.externalUpdatedAt !== undefined) set('external_updated_at', change.externalUpdatedAt);
    try {
      await manager.query(
        `UPDATE scheduling.appointments SET ${sets.join(', ')}, version = version + 1, updated_at = now()
         WHERE clinic_id = $1 AND id = $2`,
        params,
      );
    } catch (error) {
      translateConstraint(error, { appointments_no_double_booking: slotTaken });
    }
  }
}

/** The Idempotency-Key was used before: the use case answers with the first booking or refuses. */
export class IdempotencyKeyUsed extends ConflictError {
  constructor() {
    super('scheduling.idempotency_key_used', 'The Idempotency-Key was used before.');
  }
}

interface AppointmentRow {
  [column: string]: unknown;
}

function toAppointment(r: AppointmentRow): Appointment {
  return {
    id: r.id as string,
    clinicId: r.clinic_id as string,
    calendarId: r.calendar_id as string,
    practitionerId: (r.owner_practitioner_id as string | null) ?? null,
    appointmentTypeId: r.appointment_type_id as string,
    appointmentTypeName: r.type_name as string,
    patientInformation: r.patient_information as string,
    notificationsEnabled: r.notifications_enabled as boolean,
    patientId: r.patient_id as string,
    start: r.start_at as Date,
    end: r.end_at as Date,
    status: r.status as AppointmentStatus,
    contactSurface: r.contact_surface as ContactSurface,
    hidden: r.hidden as boolean,
    sourceChannel: r.source_channel as SourceChannel,
    videoStartedAt: (r.video_started_at as Date | null) ?? null,
    arrivedAt: (r.arrived_at as Date | null) ?? null,
    cancelledAt: (r.cancelled_at as Date | null) ?? null,
    cancelledBy: (r.cancelled_by as CancelledBy | null) ?? null,
    cancelReason: (r.cancel_reason as string | null) ?? null,
    note: r.note as string,
    version: r.version as number,
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
  };
}
