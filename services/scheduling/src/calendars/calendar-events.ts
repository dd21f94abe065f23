import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { EVENTS, type CalendarSchema } from '@carebus/contracts';
import { outboxEventOf } from '@carebus/outbox';
import type { Calendar } from './calendar';

/** The whole calendar as scheduling.calendar.v1 carries it; no patient data. */
export function calendarSnapshot(
  clinicId: string,
  c: Calendar,
  active = true,
): MessageInitShape<typeof CalendarSchema> {
  return {
    calendarId: c.id,
    clinicId,
    name: c.name,
    ownerPractitionerId: c.ownerPractitionerId ?? '',
    resourceName: c.resourceName ?? '',
    locationId: c.locationId ?? '',
    onlineBookable: c.onlineBookable,
    listedPatientsOnly: c.listedPatientsOnly,
    active,
    version: BigInt(c.version),
    updatedAt: timestampFromDate(c.updatedAt),
  };
}

const target = (clinicId: string, c: Calendar) => ({ aggregateId: c.id, clinicId, time: c.updatedAt });

export const calendarEvents = {
  created: (clinicId: string, c: Calendar) =>
    outboxEventOf(EVENTS.calendarCreated, target(clinicId, c), { calendar: calendarSnapshot(clinicId, c) }),
  updated: (clinicId: string, c: Calendar) =>
    outboxEventOf(EVENTS.calendarUpdated, target(clinicId, c), { calendar: calendarSnapshot(clinicId, c) }),
  /** `last` is the row as deleted: the event carries its next version, inactive, stamped `at`. */
  deleted: (clinicId: string, last: Calendar, at: Date) => {
    const gone = { ...last, version: last.version + 1, updatedAt: at };
    return outboxEventOf(EVENTS.calendarDeleted, target(clinicId, gone), {
      calendar: calendarSnapshot(clinicId, gone, false),
    });
  },
};
