import type { AuditEntry, AuditOutcome } from '@carebus/audit';
import type { Principal } from '@carebus/auth';

/** Who asks, for which clinic. */
export interface AttachmentActor {
  clinicId: string;
  principal: Principal;
}

export type AttachmentAction = 'upload' | 'download' | 'list';

/** The audit row of an access to an attachment (ids only: never its name or bytes). */
export function attachmentEntry(
  actor: AttachmentActor,
  action: AttachmentAction,
  attachmentId: string | null,
  outcome: AuditOutcome,
  patientId: string | null = null,
): AuditEntry {
  return {
    clinicId: actor.clinicId,
    principal: actor.principal,
    action: `attachment.${action}`,
    resourceType: 'attachment',
    resourceId: attachmentId,
    patientId,
    outcome,
  };
}
