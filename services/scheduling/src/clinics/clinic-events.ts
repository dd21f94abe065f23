import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { EVENTS } from '@carebus/contracts';
import { outboxEventOf } from '@carebus/outbox';
import type { Clinic } from './clinic';

/** The whole clinic after the change, as both scheduling.clinic.v1 payloads carry it. */
function snapshot(c: Clinic) {
  return {
    clinicId: c.id,
    name: c.name,
    timeZone: c.timeZone,
    clinicalAdminEmail: c.clinicalAdminEmail ?? '',
    version: BigInt(c.version),
    updatedAt: timestampFromDate(c.updatedAt),
  };
}

const target = (c: Clinic) => ({ aggregateId: c.id, clinicId: c.id, time: c.updatedAt });

export const clinicEvents = {
  created: (c: Clinic) => outboxEventOf(EVENTS.clinicCreated, target(c), snapshot(c)),
  updated: (c: Clinic) => outboxEventOf(EVENTS.clinicUpdated, target(c), snapshot(c)),
};
