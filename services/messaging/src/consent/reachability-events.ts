import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { encodeEventPayload, EVENTS, PortalAccountState, ReachabilityReason } from '@carebus/contracts';
import type { OutboxEvent } from '@carebus/outbox';
import type { PortalPatient } from './portal-patient';
import type { PortalAccountState as AccountState, ReachabilityReason as Reason } from './reachability';

const REASONS: Record<Reason, ReachabilityReason> = {
  reachable: ReachabilityReason.REACHABLE,
  no_national_id: ReachabilityReason.NO_NATIONAL_ID,
  invalid_national_id: ReachabilityReason.INVALID_NATIONAL_ID,
  h_number: ReachabilityReason.H_NUMBER,
  no_consent: ReachabilityReason.NO_CONSENT,
  no_portal_account: ReachabilityReason.NO_PORTAL_ACCOUNT,
  portal_account_inactive: ReachabilityReason.PORTAL_ACCOUNT_INACTIVE,
};

const ACCOUNTS: Record<AccountState, PortalAccountState> = {
  none: PortalAccountState.NONE,
  active: PortalAccountState.ACTIVE,
  inactive: PortalAccountState.INACTIVE,
};

/** PatientReachabilityChanged: ids, the decision and its inputs; never a name or the number. */
export function reachabilityChangedEvent(topic: string, p: PortalPatient): OutboxEvent {
  const definition = EVENTS.patientReachabilityChanged;
  return {
    type: definition.type,
    topic,
    aggregateType: definition.aggregateType,
    aggregateId: p.patientId,
    clinicId: p.clinicId,
    payload: encodeEventPayload(definition, {
      clinicId: p.clinicId,
      patientId: p.patientId,
      reachable: p.reachable,
      reason: REASONS[p.reason],
      version: BigInt(p.version),
      consent: p.consent,
      portalAccount: ACCOUNTS[p.portalAccount],
      changedAt: timestampFromDate(p.updatedAt),
    }),
    time: p.updatedAt,
  };
}
