/** How an access ended: done (allowed), refused to this caller (denied), or it went wrong (failed). */
export type AuditOutcome = 'allowed' | 'denied' | 'failed';

/**
 * Who acted: a verified principal (a `Principal` fits), or the service itself acting for a
 * person (e.g. notifications sending a reminder), with subject `service:<name>`.
 */
export interface AuditActor {
  subject: string;
  roles: readonly string[];
  /** OAuth client id of a partner system. */
  clientId?: string;
  /** How the actor is shown to a patient, when the token carries a name. */
  displayName?: string;
}

/**
 * One access to patient data, or one refusal: who did what to which record, and how it ended.
 * Never the data itself: ids, verbs and outcomes only.
 */
export interface AuditEntry {
  /** The clinic whose data it was; null for platform actions (an operator onboarding a clinic). */
  clinicId: string | null;
  principal: AuditActor;
  /** Noun and verb, e.g. `appointment.book`, `patient.read`, `patient_contact.write`. */
  action: string;
  /** Kind of record, e.g. `appointment`, `patient`, `notification`. */
  resourceType: string;
  /** The record's id; null for a list. */
  resourceId?: string | null;
  /** The patient the record belongs to, when there is one: feeds the patient's access history. */
  patientId?: string | null;
  outcome: AuditOutcome;
  /**
   * Why the actor did it, when the access needed a stated reason (break-glass: a dead letter's
   * payload read, replayed or purged). At most `MAX_AUDIT_REASON_LENGTH` characters, no control
   * characters; never the data itself.
   */
  reason?: string | null;
}

/** Longest reason an audit row holds (the column's check constraint says the same). */
export const MAX_AUDIT_REASON_LENGTH = 500;

/** The actor of work a service does on its own for a person (a reminder, an import). */
export function serviceActor(service: string): AuditActor {
  return { subject: `service:${service}`, roles: ['system'] };
}

/** Roles as one column: space separated, as in an OAuth scope string. */
export function roleText(actor: AuditActor): string {
  return actor.roles.join(' ');
}

/** `subject`, or `client:subject` for partner systems: how a booking names who made it. */
export function auditActor(actor: AuditActor): string {
  return actor.clientId ? `${actor.clientId}:${actor.subject}` : actor.subject;
}

/**
 * A denial: not allowed (403), or not there for this caller (404). The edge records these
 * (`RefusalRecorder`), once per call, so a use case records only its other failures.
 */
export function isDenial(error: unknown): boolean {
  const kind = (error as { kind?: unknown } | null)?.kind;
  return kind === 'forbidden' || kind === 'not_found';
}

/** How a refused use case is recorded: not allowed to see it (denied) or it went wrong (failed). */
export function refusalOutcome(error: { kind: string }): AuditOutcome {
  return error.kind === 'forbidden' || error.kind === 'not_found' ? 'denied' : 'failed';
}
