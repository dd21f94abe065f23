import type { Practitioner } from '../practitioners/practitioner';
import {
  invalidCalendarOwner,
  practitionerInactive,
  referencedPractitionerMissing,
} from '../scheduling.errors';
import type { Calendar } from './calendar';

/** A calendar is owned by exactly one of a practitioner and a resource. */
export function assertOneOwner(c: Pick<Calendar, 'ownerPractitionerId' | 'resourceName'>): void {
  if ((c.ownerPractitionerId === null) === (c.resourceName === null)) throw invalidCalendarOwner();
}

/**
 * The practitioner a calendar is to be owned by: one of this clinic (row-level security hides
 * other clinics', so theirs answer 422 like unknown ids) and still active.
 */
export function assertUsableOwner(owner: Practitioner | undefined): void {
  if (!owner) throw referencedPractitionerMissing();
  if (!owner.active) throw practitionerInactive();
}
