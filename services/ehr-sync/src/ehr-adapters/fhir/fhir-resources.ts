import { badResponse } from '../ehr-adapter.errors';
import type { EhrAppointment, EhrAppointmentStatus, EhrProvider } from '../ehr-appointment';
import { arrayAt, instantAt, objectAt, optionalStringAt, stringAt } from '../response-shape';

/** The FHIR R4 resources the adapter reads, mapped to the common model; shapes checked, names dropped. */

const STATUS: Record<string, EhrAppointmentStatus> = {
  proposed: 'other',
  pending: 'booked',
  booked: 'booked',
  arrived: 'arrived',
  'checked-in': 'arrived',
  fulfilled: 'arrived',
  cancelled: 'cancelled',
  noshow: 'cancelled',
  'entered-in-error': 'cancelled',
  waitlist: 'other',
};

export interface FhirSlot {
  externalId: string;
  scheduleExternalId: string;
  status: string;
  start: Date;
  end: Date;
}

export interface FhirSchedule {
  externalId: string;
  active: boolean;
  /** `Practitioner/…`, `Location/…` the schedule is for. */
  actors: string[];
}

function meta(resource: Record<string, unknown>, type: string) {
  const m = resource.meta === undefined ? {} : objectAt(resource.meta, `${type}.meta`);
  return {
    version: optionalStringAt(m.versionId, `${type}.meta.versionId`),
    updatedAt: m.lastUpdated === undefined ? null : instantAt(m.lastUpdated, `${type}.meta.lastUpdated`),
  };
}

function resourceOf(value: unknown, type: string): Record<string, unknown> {
  const resource = objectAt(value, type);
  if (resource.resourceType !== type) throw badResponse(`${type}.resourceType`);
  stringAt(resource.id, `${type}.id`);
  return resource;
}

/** `Practitioner/abc` → `abc` for the given type; null for other references. */
export function referencedId(reference: unknown, type: string): string | null {
  if (typeof reference !== 'string') return null;
  const match = new RegExp(`(?:^|/)${type}/([A-Za-z0-9\\-.]{1,64})(?:/_history/.*)?$`).exec(reference);
  return match ? match[1]! : null;
}

function token(coding: unknown, path: string): string | null {
  const codings = arrayAt(objectAt(coding, path).coding ?? [], `${path}.coding`);
  const first = codings.length > 0 ? objectAt(codings[0], `${path}.coding[0]`) : null;
  if (!first) return null;
  const code = stringAt(first.code, `${path}.coding[0].code`);
  const system = optionalStringAt(first.system, `${path}.coding[0].system`);
  return system ? `${system}|${code}` : code;
}

/**
 * An Appointment as the common model; null for one that holds no time in the schedule (a
 * proposed or waitlisted appointment without start and end).
 */
export function appointmentFromFhir(value: unknown): EhrAppointment | null {
  const r = resourceOf(value, 'Appointment');
  const status = STATUS[stringAt(r.status, 'Appointment.status')];
  if (!status) throw badResponse('Appointment.status');
  if (r.start === undefined && r.end === undefined && status === 'other') return null;
  const actors = arrayAt(r.participant, 'Appointment.participant').map(
    (p, i) => objectAt(p, `Appointment.participant[${i}]`).actor,
  );
  const references = actors.map((actor, i) =>
    actor === undefined ? null : objectAt(actor, `Appointment.participant[${i}].actor`).reference,
  );
  const providerExternalId = references
    .map((ref) => referencedId(ref, 'Practitioner'))
    .find((id) => id !== null);
  if (!providerExternalId) throw badResponse('Appointment.participant (no Practitioner)');
  const start = instantAt(r.start, 'Appointment.start');
  const end = instantAt(r.end, 'Appointment.end');
  if (!(start < end)) throw badResponse('Appointment.end');
  return {
    externalId: r.id as string,
    ...meta(r, 'Appointment'),
    providerExternalId,
    appointmentClass:
      r.appointmentType === undefined ? null : token(r.appointmentType, 'Appointment.appointmentType'),
    start,
    end,
    status,
    patientExternalId:
      references.map((ref) => referencedId(ref, 'Patient')).find((id) => id !== null) ?? null,
  };
}

export function providerFromFhir(value: unknown): EhrProvider {
  const r = resourceOf(value, 'Practitioner');
  const names = r.name === undefined ? [] : arrayAt(r.name, 'Practitioner.name');
  const name = names.length > 0 ? objectAt(names[0], 'Practitioner.name[0]') : {};
  const given = name.given === undefined ? [] : arrayAt(name.given, 'Practitioner.name[0].given');
  const parts = [...given, name.family].filter((part): part is string => typeof part === 'string');
  return {
    externalId: r.id as string,
    version: meta(r, 'Practitioner').version,
    displayName: typeof name.text === 'string' ? name.text : parts.join(' ') || (r.id as string),
    active: r.active !== false,
  };
}

/** A Patient's id and version only: the sync names patients by the EHR's id. */
export function patientFromFhir(value: unknown): { externalId: string; version: string | null } {
  const r = resourceOf(value, 'Patient');
  return { externalId: r.id as string, version: meta(r, 'Patient').version };
}

export function scheduleFromFhir(value: unknown): FhirSchedule {
  const r = resourceOf(value, 'Schedule');
  const actors = arrayAt(r.actor, 'Schedule.actor').map((a, i) =>
    stringAt(objectAt(a, `Schedule.actor[${i}]`).reference, `Schedule.actor[${i}].reference`),
  );
  return { externalId: r.id as string, active: r.active !== false, actors };
}

export function slotFromFhir(value: unknown): FhirSlot {
  const r = resourceOf(value, 'Slot');
  const scheduleExternalId = referencedId(objectAt(r.schedule, 'Slot.schedule').reference, 'Schedule');
  if (!scheduleExternalId) throw badResponse('Slot.schedule.reference');
  return {
    externalId: r.id as string,
    scheduleExternalId,
    status: stringAt(r.status, 'Slot.status'),
    start: instantAt(r.start, 'Slot.start'),
    end: instantAt(r.end, 'Slot.end'),
  };
}
