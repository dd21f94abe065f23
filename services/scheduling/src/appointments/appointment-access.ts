import { hasRole, type Principal } from '@carebus/auth';
import { ForbiddenError } from '@carebus/errors';
import { patientClaimMissing } from '../scheduling.errors';
import type { SourceChannel } from './appointment';

export const CLINIC_ROLES = ['clinic_admin', 'practitioner', 'staff'] as const;

/** Staff of the clinic: they see every appointment of their clinic, hidden ones included. */
export function isClinicStaff(principal: Principal): boolean {
  return hasRole(principal, ...CLINIC_ROLES);
}

/**
 * Hidden appointments (and hidden types) are never shown to guardians or partner portals; the
 * patient and the clinic see them.
 */
export function seesHidden(principal: Principal): boolean {
  return isClinicStaff(principal) || !hasRole(principal, 'guardian', 'partner');
}

/** Patients and guardians act for one patient (the token's `patient_id`); others for the clinic. */
export function actsForPatient(principal: Principal): string | null {
  if (isClinicStaff(principal) || hasRole(principal, 'partner')) return null;
  if (hasRole(principal, 'patient', 'guardian')) {
    if (!principal.patientId) {
      throw patientClaimMissing();
    }
    return principal.patientId;
  }
  throw new ForbiddenError();
}

/** What a read returns to this principal: hidden appointments and other patients' are absent. */
export function mayRead(principal: Principal, a: { patientId: string; hidden: boolean }): boolean {
  if (a.hidden && !seesHidden(principal)) return false;
  const patientId = actsForPatient(principal);
  return patientId === null || patientId === a.patientId;
}

/** The channel a booking comes through, from who makes it. */
export function bookingChannel(principal: Principal): SourceChannel {
  if (isClinicStaff(principal)) return 'staff';
  if (hasRole(principal, 'partner')) return 'partner';
  if (hasRole(principal, 'patient', 'guardian')) return 'patient_online';
  throw new ForbiddenError();
}
