import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { encodeEventPayload, EVENTS } from '@carebus/contracts';
import type { OutboxEvent } from '@carebus/outbox';
import { roleText, type AuditEntry } from './audit-entry';

/**
 * The PHI-free access events of these entries (those that touched one patient of one clinic):
 * the patient's access history in the service that owns patients is built from them.
 */
export function patientAccessEvents(
  service: string,
  entries: AuditEntry[],
  at: Date,
  topic: string = EVENTS.patientAccessRecorded.topic,
): OutboxEvent[] {
  const events: OutboxEvent[] = [];
  for (const entry of entries) {
    if (!entry.patientId || !entry.clinicId) continue;
    events.push({
      type: EVENTS.patientAccessRecorded.type,
      topic,
      aggregateType: EVENTS.patientAccessRecorded.aggregateType,
      aggregateId: entry.patientId,
      clinicId: entry.clinicId,
      time: at,
      payload: encodeEventPayload(EVENTS.patientAccessRecorded, {
        clinicId: entry.clinicId,
        patientId: entry.patientId,
        service,
        subject: entry.principal.subject,
        role: roleText(entry.principal),
        clientId: entry.principal.clientId ?? '',
        displayName: entry.principal.displayName ?? '',
        action: entry.action,
        resourceType: entry.resourceType,
        resourceId: entry.resourceId ?? '',
        outcome: entry.outcome,
        occurredAt: timestampFromDate(at),
      }),
    });
  }
  return events;
}
