import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { EVENTS, encodeEventPayload, type EventDefinition } from '@carebus/contracts';
import type { OutboxEvent } from '@carebus/outbox';
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

function event(definition: EventDefinition, c: Clinic, payload: Uint8Array): OutboxEvent {
  return {
    type: definition.type,
    topic: definition.topic,
    aggregateType: definition.aggregateType,
    aggregateId: c.id,
    clinicId: c.id,
    payload,
    time: c.updatedAt,
  };
}

export const clinicEvents = {
  created: (c: Clinic) =>
    event(EVENTS.clinicCreated, c, encodeEventPayload(EVENTS.clinicCreated, snapshot(c))),
  updated: (c: Clinic) =>
    event(EVENTS.clinicUpdated, c, encodeEventPayload(EVENTS.clinicUpdated, snapshot(c))),
};
