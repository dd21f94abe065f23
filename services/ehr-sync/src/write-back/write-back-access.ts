import { serviceActor, type AuditActor, type AuditEntry, type AuditOutcome } from '@carebus/audit';
import { hasRole, type Principal } from '@carebus/auth';
import { writeBackForbidden } from '../ehr-sync.errors';
import { SERVICE } from '../service';
import type { WriteItem } from './write-item';

/** Who asks for which clinic's write-back queue. */
export interface WriteBackActor {
  clinicId: string;
  principal: Principal;
}

/** A clinic admin, or an operator, whose token names this very clinic; anyone else gets 403 (audited at the edge). */
export function assertWriteBackOperator(actor: WriteBackActor): void {
  const sameClinic = actor.principal.clinicId?.toLowerCase() === actor.clinicId.toLowerCase();
  if (!hasRole(actor.principal, 'clinic_admin', 'operator') || !sameClinic) throw writeBackForbidden();
}

/** The drainer writes patient data to the EHR on the clinic's behalf. */
export const WRITE_BACK_ACTOR: AuditActor = serviceActor(SERVICE.name);

/** One write's audit row: made (`allowed`), parked (`failed`), listed or retried by an operator. */
export function writeEntry(
  principal: AuditActor,
  action: 'write' | 'park' | 'list_parked' | 'retry',
  clinicId: string,
  item: WriteItem | null,
  outcome: AuditOutcome,
): AuditEntry {
  const patientId = item && 'patientId' in item.payload ? item.payload.patientId : null;
  return {
    clinicId,
    principal,
    action: `ehr_write.${action}`,
    resourceType: 'ehr_write',
    resourceId: item?.id ?? null,
    patientId,
    outcome,
  };
}
