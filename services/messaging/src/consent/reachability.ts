import type { NationalIdKind } from './national-id';

export const PORTAL_ACCOUNT_STATES = ['none', 'active', 'inactive'] as const;
export type PortalAccountState = (typeof PORTAL_ACCOUNT_STATES)[number];

export const REACHABILITY_REASONS = [
  'reachable',
  'no_national_id',
  'invalid_national_id',
  'h_number',
  'no_consent',
  'no_portal_account',
  'portal_account_inactive',
] as const;
export type ReachabilityReason = (typeof REACHABILITY_REASONS)[number];

/** What the portal decision rests on; none of it is the number itself. */
export interface ReachabilityInputs {
  nationalIdKind: NationalIdKind | null;
  consent: boolean;
  portalAccount: PortalAccountState;
}

export interface Reachability {
  reachable: boolean;
  reason: ReachabilityReason;
}

/**
 * Reachable through the national portal only with a full, valid birth number or D-number, and
 * recorded consent to digital contact, and an active portal account. The first missing condition
 * is the reason, in that order, so the sender is told what to fix first.
 */
export function decideReachability(i: ReachabilityInputs): Reachability {
  const refused = (reason: ReachabilityReason): Reachability => ({ reachable: false, reason });
  if (i.nationalIdKind === null) return refused('no_national_id');
  if (i.nationalIdKind === 'invalid') return refused('invalid_national_id');
  if (i.nationalIdKind === 'h_number') return refused('h_number');
  if (!i.consent) return refused('no_consent');
  if (i.portalAccount === 'none') return refused('no_portal_account');
  if (i.portalAccount === 'inactive') return refused('portal_account_inactive');
  return { reachable: true, reason: 'reachable' };
}
