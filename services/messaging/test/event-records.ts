import { randomUUID } from 'node:crypto';
import { create, toBinary } from '@bufbuild/protobuf';
import {
  encodeEnvelopeHeaders,
  encodeEventPayload,
  EVENTS,
  NationalIdKind,
  PatientIdentitySchema,
  TOPICS,
  type EventDefinition,
} from '@carebus/contracts';
import type { FieldSealer } from '@carebus/crypto';

/** One Kafka record as a service's outbox relay publishes it: key, protobuf payload, CloudEvents headers. */
export interface EventRecord {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** `payload` of `definition` as `source`'s relay publishes it, for `clinicId`, under `eventId`. */
export function eventRecord(
  definition: EventDefinition,
  payload: unknown,
  o: { clinicId: string; key: string; source: string; eventId?: string },
): EventRecord {
  return {
    key: o.key,
    value: Buffer.from(encodeEventPayload(definition, payload as never)),
    headers: encodeEnvelopeHeaders({
      id: o.eventId ?? randomUUID(),
      type: definition.type,
      source: o.source,
      time: new Date(),
      clinicId: o.clinicId,
      dataContentType: 'application/protobuf',
    }),
  };
}

/** scheduling.practitioner.v1: created at version 1, updated after. */
export function practitionerRecord(
  clinicId: string,
  p: { id: string; active: boolean; version: number },
  eventId?: string,
): EventRecord {
  const definition = (
    p.version === 1 ? EVENTS.practitionerCreated : EVENTS.practitionerUpdated
  ) as EventDefinition;
  const practitioner = {
    practitionerId: p.id,
    clinicId,
    name: 'Dr. Test',
    active: p.active,
    version: BigInt(p.version),
  };
  return eventRecord(
    definition,
    { practitioner },
    { clinicId, key: p.id, source: '/carebus/scheduling', eventId },
  );
}

/** scheduling.patient.v1, the identity (name and national id) sealed under `sealer` as scheduling seals it. */
export function patientRecord(
  clinicId: string,
  sealer: FieldSealer,
  p: { id: string; listedGpId: string | null; nationalId: string; version: number },
  eventId?: string,
): EventRecord {
  const identity = toBinary(
    PatientIdentitySchema,
    create(PatientIdentitySchema, { name: 'Kari', nationalId: p.nationalId }),
  );
  const patient = {
    patientId: p.id,
    clinicId,
    listedPractitionerId: p.listedGpId ?? '',
    nationalIdKind: p.nationalId ? NationalIdKind.FNR : NationalIdKind.UNSPECIFIED,
    nationalIdValid: p.nationalId !== '',
    hasGuardian: false,
    version: BigInt(p.version),
    sealedIdentity: sealer.seal(identity, `${TOPICS.schedulingPatient}|${clinicId}|${p.id}`),
  };
  const definition = (p.version === 1 ? EVENTS.patientRegistered : EVENTS.patientUpdated) as EventDefinition;
  return eventRecord(
    definition,
    { patient },
    { clinicId, key: p.id, source: '/carebus/scheduling', eventId },
  );
}

/** ehrsync.journal_entry.v1: the filing of `journalEntryId` answered filed or failed. */
export function filingAnswerRecord(
  clinicId: string,
  journalEntryId: string,
  outcome: 'filed' | 'failed',
  o: { eventId?: string; key?: string } = {},
): EventRecord {
  const common = { journalEntryId, clinicId, connectionId: randomUUID() };
  const [definition, payload] =
    outcome === 'filed'
      ? [EVENTS.journalEntryFiled, { ...common, externalId: 'note-1' }]
      : [EVENTS.journalEntryFailed, { ...common, errorCode: 'ehrsync.write_back_unmapped' }];
  return eventRecord(definition as EventDefinition, payload, {
    clinicId,
    key: o.key ?? journalEntryId,
    source: '/carebus/ehr-sync',
    eventId: o.eventId,
  });
}
