/** What scheduling owns that a mapping may name. */
export const REFERENCE_KINDS = ['calendar', 'practitioner', 'appointment_type'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

/** ehr-sync's copy of one calendar, practitioner or appointment type, at a version. */
export interface ReferenceEntity {
  kind: ReferenceKind;
  id: string;
  name: string;
  /** A calendar's owning practitioner; null otherwise (or for a resource calendar). */
  ownerPractitionerId: string | null;
  /** False once deleted or archived: a mapping may no longer name it. */
  active: boolean;
  version: number;
  updatedAt: Date;
}
