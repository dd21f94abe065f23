import type { EhrAppointment } from '../ehr-adapters/ehr-appointment';

const MAX_ID = 200;
/** Leaves room for the mapping's tag (imported-appointment-event.ts) in the 200-character column. */
const MAX_VERSION = 180;

/**
 * The version an import is keyed by: FHIR `meta.versionId` or the vendor's revision; without one,
 * the EHR's last-change time. Null when the record cannot be imported (no version at all, an id
 * too long, an end not after its start): counted as failed.
 */
export function importVersionOf(a: EhrAppointment): string | null {
  if (a.externalId.length === 0 || a.externalId.length > MAX_ID) return null;
  if (!(a.start < a.end)) return null;
  const version = a.version ?? a.updatedAt?.toISOString() ?? null;
  return version && version.length <= MAX_VERSION ? version : null;
}
