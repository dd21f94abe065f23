export type AccountState = 'active' | 'inactive';

/** A citizen on the portal, by national identity number: account state and consent to digital contact. */
export interface Citizen {
  nationalId: string;
  account: AccountState;
  consent: boolean;
}

export const MESSAGE_KINDS = ['dialogue_answer', 'renewal_answer', 'notification'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** A message from a clinic, as the portal stored it (once per idempotency key). */
export interface DeliveredMessage {
  idempotencyKey: string;
  clinicId: string;
  nationalId: string;
  kind: MessageKind;
  subject: string | null;
  body: string;
  threadId: string | null;
  renewalOutcome: string | null;
  renewedItems: string[];
  receivedAt: string;
}

/** A file on a delivered message, as the portal stored it (once per idempotency key). */
export interface DeliveredAttachment {
  idempotencyKey: string;
  /** The idempotency key of the message it belongs to. */
  messageKey: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  /** Hex SHA-256 of the bytes as they arrived. */
  sha256: string;
  bytes: Buffer;
  receivedAt: string;
}

export type AttemptOutcome =
  | 'stored'
  | 'duplicate'
  | 'refused'
  | 'unauthorized'
  | 'server_error'
  | 'rate_limited'
  | 'reset'
  | 'lost_answer';

/** Every call that reached the inbound endpoint, whatever happened to it. */
export interface DeliveryAttempt {
  at: string;
  idempotencyKey: string | null;
  outcome: AttemptOutcome;
}

/** The portal's memory: citizens, the messages clinics delivered, and every attempt. */
export class PortalStore {
  readonly citizens = new Map<string, Citizen>();
  readonly messages = new Map<string, DeliveredMessage>();
  readonly attachments = new Map<string, DeliveredAttachment>();
  readonly attempts: DeliveryAttempt[] = [];

  reachable(nationalId: string): boolean {
    const citizen = this.citizens.get(nationalId);
    return citizen?.account === 'active' && citizen.consent;
  }

  attempt(idempotencyKey: string | null, outcome: AttemptOutcome): void {
    this.attempts.push({ at: new Date().toISOString(), idempotencyKey, outcome });
  }
}
