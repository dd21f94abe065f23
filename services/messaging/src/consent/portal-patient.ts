import type { NationalIdKind } from './national-id';
import type { PortalAccountState, ReachabilityReason } from './reachability';

/** What messaging holds about a patient's reach through the national portal. */
export interface PortalPatient {
  clinicId: string;
  patientId: string;
  nationalIdKind: NationalIdKind | null;
  /** `nid2.<key version>.…` (`nid1.…` before the key ring), never the number in clear. */
  nationalIdSealed: string | null;
  nationalIdLookup: string | null;
  consent: boolean;
  consentChangedAt: Date | null;
  portalAccount: PortalAccountState;
  reachable: boolean;
  reason: ReachabilityReason;
  version: number;
  updatedAt: Date;
}
