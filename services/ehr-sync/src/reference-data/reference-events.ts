import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { EVENTS } from '@carebus/contracts';
import { UnprocessableError } from '@carebus/errors';
import { isEventOf, type ConsumedEvent } from '@carebus/messaging-kafka';
import { isUuid } from '@carebus/persistence';
import type { ReferenceEntity } from './reference-entity';

const invalid = (why: string) => new UnprocessableError('ehrsync.invalid_reference_event', why);

function versionOf(v: bigint): number {
  if (v < 1n || v > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid('the event has no usable version');
  return Number(v);
}

const at = (t: Timestamp | undefined) => (t ? timestampDate(t) : new Date(0));

function checked(e: ReferenceEntity, clinicId: string, eventClinicId: string): ReferenceEntity {
  if (!isUuid(e.id)) throw invalid(`the ${e.kind} event has no id`);
  if (eventClinicId.toLowerCase() !== clinicId.toLowerCase())
    throw invalid(`the ${e.kind} names another clinic`);
  return e;
}

/**
 * The entity a scheduling reference event carries, as ehr-sync copies it; null for a type it does
 * not copy. An event that can never apply is dead-lettered at once (unprocessable).
 */
export function referenceEntityOf(event: ConsumedEvent, clinicId: string): ReferenceEntity | null {
  if (
    isEventOf(event, EVENTS.calendarCreated) ||
    isEventOf(event, EVENTS.calendarUpdated) ||
    isEventOf(event, EVENTS.calendarDeleted)
  ) {
    const c = event.payload.calendar;
    if (!c) throw invalid('the calendar event has no calendar');
    const deleted = isEventOf(event, EVENTS.calendarDeleted);
    return checked(
      {
        kind: 'calendar',
        id: c.calendarId,
        name: c.name,
        ownerPractitionerId: isUuid(c.ownerPractitionerId) ? c.ownerPractitionerId : null,
        active: c.active && !deleted,
        version: versionOf(c.version),
        updatedAt: at(c.updatedAt),
      },
      clinicId,
      c.clinicId,
    );
  }
  if (isEventOf(event, EVENTS.practitionerCreated) || isEventOf(event, EVENTS.practitionerUpdated)) {
    const p = event.payload.practitioner;
    if (!p) throw invalid('the practitioner event has no practitioner');
    return checked(
      {
        kind: 'practitioner',
        id: p.practitionerId,
        name: p.name,
        ownerPractitionerId: null,
        active: p.active,
        version: versionOf(p.version),
        updatedAt: at(p.updatedAt),
      },
      clinicId,
      p.clinicId,
    );
  }
  if (isEventOf(event, EVENTS.appointmentTypeCreated) || isEventOf(event, EVENTS.appointmentTypeUpdated)) {
    const t = event.payload.appointmentType;
    if (!t) throw invalid('the appointment type event has no appointment type');
    return checked(
      {
        kind: 'appointment_type',
        id: t.appointmentTypeId,
        name: t.name,
        ownerPractitionerId: null,
        active: !t.archived,
        version: versionOf(t.version),
        updatedAt: at(t.updatedAt),
      },
      clinicId,
      t.clinicId,
    );
  }
  return null;
}

/** The time zone a scheduling.clinic.v1 event carries, with its version; null for other types. */
export function clinicTimeZoneOf(
  event: ConsumedEvent,
): { timeZone: string; version: number; at: Date } | null {
  if (!isEventOf(event, EVENTS.clinicCreated) && !isEventOf(event, EVENTS.clinicUpdated)) return null;
  const p = event.payload;
  try {
    new Intl.DateTimeFormat('en', { timeZone: p.timeZone });
  } catch {
    throw invalid('the clinic event has no IANA time zone');
  }
  return { timeZone: p.timeZone, version: versionOf(p.version), at: at(p.updatedAt) };
}
