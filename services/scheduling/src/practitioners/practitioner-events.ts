import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { EVENTS, Profession as ProfessionPb, type PractitionerSchema } from '@carebus/contracts';
import { outboxEventOf } from '@carebus/outbox';
import type { Practitioner, Profession } from './practitioner';

const PROFESSION: Record<Profession, ProfessionPb> = {
  gp: ProfessionPb.GP,
  dentist: ProfessionPb.DENTIST,
  nurse: ProfessionPb.NURSE,
  other: ProfessionPb.OTHER,
};

/** The whole practitioner as scheduling.practitioner.v1 carries it (staff data, no patient data). */
export function practitionerSnapshot(
  clinicId: string,
  p: Practitioner,
): MessageInitShape<typeof PractitionerSchema> {
  return {
    practitionerId: p.id,
    clinicId,
    name: p.name,
    profession: PROFESSION[p.profession],
    active: p.active,
    version: BigInt(p.version),
    updatedAt: timestampFromDate(p.updatedAt),
  };
}

const target = (clinicId: string, p: Practitioner) => ({ aggregateId: p.id, clinicId, time: p.updatedAt });

export const practitionerEvents = {
  created: (clinicId: string, p: Practitioner) =>
    outboxEventOf(EVENTS.practitionerCreated, target(clinicId, p), {
      practitioner: practitionerSnapshot(clinicId, p),
    }),
  updated: (clinicId: string, p: Practitioner) =>
    outboxEventOf(EVENTS.practitionerUpdated, target(clinicId, p), {
      practitioner: practitionerSnapshot(clinicId, p),
    }),
};
