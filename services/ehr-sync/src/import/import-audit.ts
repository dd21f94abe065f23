import { serviceActor, type AuditEntry } from '@carebus/audit';
import { SERVICE } from '../service';
import type { ImportSource } from './imported-appointment-event';

const ACTOR = serviceActor(SERVICE.name);

/**
 * The audit of one imported page, written in its transaction. A sync run's page is one entry
 * (`ehr_appointment.import` on `ehr_sync_run/<run id>`): which appointments that run wrote is in
 * `ehr_sync.imported_versions.sync_run_id` and how many in the run's ledger row, and no Carebus
 * patient id is known here (patients are linked by their EHR id only), so one row per appointment
 * would add nothing a patient's access view could show, only a row and a seal per appointment.
 * A change pushed by the EHR (no run) is audited per appointment. Nothing imported: no entry.
 */
export function importAuditEntries(
  source: Pick<ImportSource, 'clinicId' | 'connectionId' | 'syncRunId'>,
  imported: readonly { externalId: string }[],
): AuditEntry[] {
  if (imported.length === 0) return [];
  const entry = (resourceType: string, resourceId: string): AuditEntry => ({
    clinicId: source.clinicId,
    principal: ACTOR,
    action: 'ehr_appointment.import',
    resourceType,
    resourceId,
    outcome: 'allowed',
  });
  if (source.syncRunId) return [entry('ehr_sync_run', source.syncRunId)];
  return imported.map((i) => entry('ehr_appointment', `${source.connectionId}:${i.externalId}`));
}
