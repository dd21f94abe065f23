import { ValidationError } from '@carebus/errors';
import { isUuid } from '@carebus/persistence';
import type { EhrAppointment, EhrAppointmentStatus } from '../ehr-adapters/ehr-appointment';

/** What an EHR vendor can push (ehr_push_service.proto `EhrChangeKind`). */
export const PUSH_KINDS = {
  EHR_CHANGE_KIND_PATIENT_CREATED: 'patient_created',
  EHR_CHANGE_KIND_APPOINTMENT_CREATED: 'appointment_created',
  EHR_CHANGE_KIND_APPOINTMENT_CANCELLED: 'appointment_cancelled',
  EHR_CHANGE_KIND_APPOINTMENT_RESCHEDULED: 'appointment_rescheduled',
} as const;
export type PushKind = (typeof PUSH_KINDS)[keyof typeof PUSH_KINDS];

/** One pushed change, checked: ids, times and codes only (a patient by the EHR's id). */
export type PushedChange =
  | {
      connectionId: string;
      changeId: string;
      kind: 'patient_created';
      patient: { externalId: string; version: string };
    }
  | {
      connectionId: string;
      changeId: string;
      kind: Exclude<PushKind, 'patient_created'>;
      appointment: EhrAppointment;
    };

/** google.protobuf.Timestamp as @grpc/proto-loader hands it over (longs as strings). */
export interface GrpcTimestamp {
  seconds: string | number;
  nanos: number;
}

/** PushChangeRequest as @grpc/proto-loader decodes it (camelCase, defaults filled). */
export interface PushChangeRequest {
  connectionId?: string;
  changeId?: string;
  kind?: string;
  patient?: { externalId?: string; version?: string } | null;
  appointment?: {
    externalId?: string;
    version?: string;
    providerExternalId?: string;
    appointmentClass?: string;
    startTime?: GrpcTimestamp | null;
    endTime?: GrpcTimestamp | null;
    patientExternalId?: string;
  } | null;
}

const STATUS_OF: Record<Exclude<PushKind, 'patient_created'>, EhrAppointmentStatus> = {
  appointment_created: 'booked',
  appointment_rescheduled: 'booked',
  appointment_cancelled: 'cancelled',
};

class InvalidPush extends ValidationError {
  constructor(field: string, message: string) {
    super([{ field, message: `${field} ${message}` }]);
  }
}

function text(field: string, value: string | undefined, max = 200): string {
  const v = value?.trim() ?? '';
  if (!v) throw new InvalidPush(field, 'is required');
  if (v.length > max) throw new InvalidPush(field, `is longer than ${max} characters`);
  return v;
}

function time(field: string, ts: GrpcTimestamp | null | undefined): Date {
  if (!ts) throw new InvalidPush(field, 'is required');
  const date = new Date(Number(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6));
  if (Number.isNaN(date.getTime())) throw new InvalidPush(field, 'is not a valid timestamp');
  return date;
}

/** Checks a PushChangeRequest; a bad field is INVALID_ARGUMENT `validation.failed` naming it. */
export function pushedChangeOf(req: PushChangeRequest): PushedChange {
  const connectionId = req.connectionId ?? '';
  if (!isUuid(connectionId)) throw new InvalidPush('connection_id', 'must be a UUID');
  const changeId = text('change_id', req.changeId);
  const kind = PUSH_KINDS[req.kind as keyof typeof PUSH_KINDS];
  if (!kind) throw new InvalidPush('kind', 'must name a change');
  const base = { connectionId: connectionId.toLowerCase(), changeId };
  if (kind === 'patient_created') {
    const p = req.patient;
    if (!p) throw new InvalidPush('patient', 'is required for a new patient');
    return {
      ...base,
      kind,
      patient: {
        externalId: text('patient.external_id', p.externalId),
        version: text('patient.version', p.version),
      },
    };
  }
  const a = req.appointment;
  if (!a) throw new InvalidPush('appointment', 'is required for an appointment change');
  const start = time('appointment.start_time', a.startTime);
  const end = time('appointment.end_time', a.endTime);
  if (end <= start) throw new InvalidPush('appointment.end_time', 'must be after start_time');
  return {
    ...base,
    kind,
    appointment: {
      externalId: text('appointment.external_id', a.externalId),
      version: text('appointment.version', a.version),
      providerExternalId: text('appointment.provider_external_id', a.providerExternalId),
      appointmentClass: a.appointmentClass?.trim() || null,
      start,
      end,
      status: STATUS_OF[kind],
      patientExternalId: a.patientExternalId?.trim() || null,
      updatedAt: null,
    },
  };
}
