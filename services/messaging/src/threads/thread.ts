/** Dialogue kinds: general (e-contact), medical and filed to the journal (e-consultation), platform-only (e-dialogue), and renewal requests. */
export const THREAD_KINDS = ['e_contact', 'e_consultation', 'e_dialogue', 'prescription_renewal'] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];

/** Where a thread came from; answers reach the patient through the same channel. */
export const THREAD_ORIGINS = ['national_portal', 'platform', 'staff'] as const;
export type ThreadOrigin = (typeof THREAD_ORIGINS)[number];

export const AUTHOR_KINDS = ['patient', 'guardian', 'staff', 'partner', 'system'] as const;
export type AuthorKind = (typeof AUTHOR_KINDS)[number];

/** inbound: from the patient side to the clinic; outbound: the clinic's answer; internal: between colleagues. */
export const DIRECTIONS = ['inbound', 'outbound', 'internal'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const JOURNAL_STATUSES = ['pending', 'filed', 'failed'] as const;
export type JournalStatus = (typeof JOURNAL_STATUSES)[number];

export const RENEWAL_OUTCOMES = ['rejected', 'renewed', 'cannot_be_renewed', 'partly_renewed'] as const;
export type RenewalOutcome = (typeof RENEWAL_OUTCOMES)[number];

/** Why an inbox holds a thread: routed to the patient's practitioner or the selected receiver, or addressed by staff. */
export const INBOX_REASONS = ['practitioner', 'receiver', 'recipient', 'sender'] as const;
export type InboxReason = (typeof INBOX_REASONS)[number];

export interface Thread {
  id: string;
  clinicId: string;
  kind: ThreadKind;
  origin: ThreadOrigin;
  patientId: string | null;
  subject: string;
  createdBy: string;
  createdByKind: AuthorKind;
  appointmentId: string | null;
  hidden: boolean;
  convertedFrom: ThreadKind | null;
  convertedAt: Date | null;
  journalStatus: JournalStatus | null;
  journalEntryId: string | null;
  renewalOutcome: RenewalOutcome | null;
  /** The routing applied when the thread was created: a later rule change leaves it alone. */
  routing: RoutingSnapshot;
  messageCount: number;
  lastMessageAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export interface RoutingSnapshot {
  mode: 'practitioner' | 'receiver' | 'both' | 'addressed';
  receiverUnitId: string | null;
  practitionerId: string | null;
  /** Set when the rule wanted the patient's practitioner but the patient is listed with no known GP. */
  practitionerMissing?: boolean;
}

export interface Message {
  id: string;
  threadId: string;
  seq: number;
  authorSubject: string;
  authorKind: AuthorKind;
  direction: Direction;
  body: string;
  renewalOutcome: RenewalOutcome | null;
  createdAt: Date;
}

export interface PrescriptionItem {
  position: number;
  name: string;
  strength: string;
  dosage: string;
  renewed: boolean | null;
}
