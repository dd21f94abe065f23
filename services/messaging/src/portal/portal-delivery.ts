export const DELIVERY_KINDS = ['dialogue_answer', 'renewal_answer', 'notification', 'attachment'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

export const RENEWAL_OUTCOMES = ['rejected', 'renewed', 'cannot_be_renewed', 'partly_renewed'] as const;
export type RenewalOutcome = (typeof RENEWAL_OUTCOMES)[number];

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** What goes to the portal: the text and what it answers; the patient by id (the number is looked up when sent). */
export interface PortalMessageContent {
  patientId: string;
  kind: DeliveryKind;
  subject: string | null;
  /** The text; null for an `attachment` (its bytes are the attachment's). */
  body: string | null;
  threadId: string | null;
  renewalOutcome: RenewalOutcome | null;
  renewedItems: string[];
  /** `attachment`: the file sent, and the delivery of the message it is on (sent first). */
  attachmentId?: string | null;
  partOf?: string | null;
}

/** One message in the queue to the national portal. */
export interface PortalDelivery extends PortalMessageContent {
  id: string;
  clinicId: string;
  idempotencyKey: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  leaseOwner: string | null;
  lastError: string | null;
  createdBy: string;
  createdAt: Date;
  finishedAt: Date | null;
}
