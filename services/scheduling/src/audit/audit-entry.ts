import type { Principal } from '@carebus/auth';
import type { DomainError } from '@carebus/errors';

export type AuditOutcome = 'allowed' | 'denied' | 'failed';

/** One access to patient data: who did what to which record, and how it ended. */
export interface AuditEntry {
  clinicId: string;
  principal: Principal;
  /** Verb and noun, e.g. `appointment.book`, `patient.read`, `appointments.list`. */
  action: string;
  resourceType: 'appointment' | 'patient' | 'slots' | 'calendar';
  resourceId?: string | null;
  outcome: AuditOutcome;
}

/** `subject`, or `client:subject` for partner systems, so a patient can be told who read what. */
export function auditActor(principal: Principal): string {
  return principal.clientId ? `${principal.clientId}:${principal.subject}` : principal.subject;
}

/** How a refused use case is recorded: not allowed to see it (denied) or it went wrong (failed). */
export function refusalOutcome(error: DomainError): AuditOutcome {
  return error.kind === 'forbidden' || error.kind === 'not_found' ? 'denied' : 'failed';
}
