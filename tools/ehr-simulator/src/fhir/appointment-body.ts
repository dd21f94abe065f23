import type { AppointmentInput } from '../data/appointment-writes';
import { isRecord } from '../http-io';
import { CLASS_SYSTEM } from './fhir-resources';
import type { OutcomeIssue } from './operation-outcome';

export interface AppointmentBody {
  input: AppointmentInput;
  status: string;
}

const STATUSES = new Set([
  'proposed',
  'pending',
  'booked',
  'arrived',
  'fulfilled',
  'cancelled',
  'noshow',
  'entered-in-error',
  'checked-in',
  'waitlist',
]);

/** An Appointment a client sent, as the store's input, or the issue that refuses it. */
export function parseAppointmentBody(body: unknown): AppointmentBody | OutcomeIssue {
  if (!isRecord(body) || body.resourceType !== 'Appointment') {
    return required('Appointment.resourceType', 'The body must be an Appointment resource.', 'invalid');
  }
  if (typeof body.status !== 'string' || !STATUSES.has(body.status)) {
    return required('Appointment.status', 'Appointment.status is missing or not a known code.');
  }
  const start = typeof body.start === 'string' ? Date.parse(body.start) : NaN;
  const end = typeof body.end === 'string' ? Date.parse(body.end) : NaN;
  if (Number.isNaN(start)) return required('Appointment.start', 'Appointment.start must be an instant.');
  if (Number.isNaN(end)) return required('Appointment.end', 'Appointment.end must be an instant.');
  const actors = Array.isArray(body.participant)
    ? body.participant.map((p) =>
        isRecord(p) && isRecord(p.actor) && typeof p.actor.reference === 'string' ? p.actor.reference : '',
      )
    : [];
  const providerId = referenced(actors, 'Practitioner');
  if (!providerId) return required('Appointment.participant', 'A Practitioner participant is required.');
  let classId: string | null = null;
  if (body.appointmentType !== undefined) {
    const coding =
      isRecord(body.appointmentType) && Array.isArray(body.appointmentType.coding)
        ? body.appointmentType.coding
        : [];
    const code = coding.find((c): c is Record<string, unknown> => isRecord(c) && c.system === CLASS_SYSTEM);
    if (!code || typeof code.code !== 'string') {
      return required(
        'Appointment.appointmentType',
        `appointmentType needs a coding from ${CLASS_SYSTEM}.`,
        'invalid',
      );
    }
    classId = code.code;
  }
  return {
    status: body.status,
    input: {
      providerId,
      patientId: referenced(actors, 'Patient'),
      classId,
      start,
      end,
      identifier: firstIdentifier(body.identifier),
    },
  };
}

/** `Appointment.identifier[0]` as a `system|value` token, or null. */
function firstIdentifier(identifiers: unknown): string | null {
  const first: unknown = Array.isArray(identifiers) ? identifiers[0] : undefined;
  if (!isRecord(first) || typeof first.value !== 'string' || first.value === '') return null;
  return `${typeof first.system === 'string' ? first.system : ''}|${first.value}`;
}

function referenced(references: string[], type: string): string | null {
  const reference = references.find((r) => r.startsWith(`${type}/`));
  return reference ? reference.slice(type.length + 1) : null;
}

function required(path: string, diagnostics: string, code = 'required'): OutcomeIssue {
  return { code, diagnostics, expression: [path] };
}
