import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { AuditOutcome } from '@carebus/audit';
import type { PatientAccessRecorded } from '@carebus/contracts';
import { isUuid } from '@carebus/persistence';
import { invalidAccessEvent } from '../scheduling.errors';

const OUTCOMES: readonly AuditOutcome[] = ['allowed', 'denied', 'failed'];

/** One access to a patient's data, as some service's audit trail reported it. No patient data. */
export interface PatientAccess {
  patientId: string;
  /** The event that reported it: a replay of it adds nothing. */
  eventId: string;
  service: string;
  subject: string;
  /** Roles of the actor, space separated. */
  role: string;
  clientId: string | null;
  displayName: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  outcome: AuditOutcome;
  occurredAt: Date;
}

/** An access as the patient's history lists it. */
export interface AccessLogEntry extends Omit<PatientAccess, 'patientId' | 'eventId'> {
  id: string;
}

/**
 * Reads an `audit.patient_access.v1` payload (its clinic is the runner's, checked against the
 * header). One that can never be kept is `scheduling.invalid_access_event`, dead-lettered at once.
 */
export function patientAccessOf(p: PatientAccessRecorded, eventId: string): PatientAccess {
  if (!isUuid(p.patientId)) throw invalidAccessEvent('patient_id must be a UUID');
  const required = {
    service: p.service,
    subject: p.subject,
    action: p.action,
    resource_type: p.resourceType,
  };
  const missing = Object.entries(required).find(([, value]) => value === '');
  if (missing) throw invalidAccessEvent(`${missing[0]} is required`);
  const outcome = OUTCOMES.find((o) => o === p.outcome);
  if (!outcome) throw invalidAccessEvent('outcome must be allowed, denied or failed');
  if (!p.occurredAt) throw invalidAccessEvent('occurred_at is required');
  const texts = [
    p.service,
    p.subject,
    p.role,
    p.clientId,
    p.displayName,
    p.action,
    p.resourceType,
    p.resourceId,
  ];
  // PostgreSQL stores no NUL in text: such an event would fail on every retry.
  if (texts.some((t) => t.includes('\u0000'))) throw invalidAccessEvent('a field holds a NUL character');
  return {
    patientId: p.patientId,
    eventId,
    service: p.service,
    subject: p.subject,
    role: p.role,
    clientId: p.clientId || null,
    displayName: p.displayName || null,
    action: p.action,
    resourceType: p.resourceType,
    resourceId: p.resourceId || null,
    outcome,
    occurredAt: timestampDate(p.occurredAt),
  };
}
