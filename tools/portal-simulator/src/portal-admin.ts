import type { PortalFaults, FaultControl } from './faults';
import type { ClientTokens } from './client-tokens';
import { randomUUID } from 'node:crypto';
import { MessagingPartner, type MessagingPartnerOptions, type PartnerAnswer } from './messaging-partner';
import {
  MessagingPartnerGrpc,
  type GrpcAttachAnswer,
  type GrpcPartnerAnswer,
  type PortalFileHeader,
} from './messaging-partner-grpc';
import type {
  AccountState,
  Citizen,
  DeliveredAttachment,
  DeliveredMessage,
  DeliveryAttempt,
  PortalStore,
} from './portal-store';

export interface Listening {
  goOffline(): Promise<void>;
  goOnline(): Promise<void>;
  online(): boolean;
}

/** What a test (or /_admin) may do with the portal: citizens, what arrived, faults, going down. */
export class PortalAdmin {
  constructor(
    private readonly store: PortalStore,
    private readonly faults: FaultControl,
    private readonly tokens: ClientTokens,
    private readonly listening: Listening,
    private messaging: MessagingPartner | null,
  ) {}

  private grpc: MessagingPartnerGrpc | null = null;

  /** Where citizen changes (and dialogues) go from now on: a clinic's messaging partner API. */
  connectMessaging(options: MessagingPartnerOptions): void {
    this.grpc?.close();
    this.messaging = new MessagingPartner(options);
    this.grpc = options.grpc ? new MessagingPartnerGrpc(options.grpc) : null;
  }

  /**
   * The citizen attaches a file to their message (`messageId` of sendDialogue's answer) over the
   * partner gRPC API, the bytes streamed from `chunks`.
   */
  async attachFile(header: PortalFileHeader, chunks: AsyncIterable<Buffer>): Promise<GrpcAttachAnswer> {
    if (!this.messaging || !this.grpc)
      throw new Error('no gRPC address of the messaging partner API connected');
    return this.grpc.attachFile(header, chunks, await this.messaging.token());
  }

  /** Closes the gRPC channel to messaging, if one was opened. */
  disconnect(): void {
    this.grpc?.close();
    this.grpc = null;
  }

  /**
   * Sets a citizen's account and consent; with a messaging partner configured, pushes the change
   * to the clinic (as the real portal does) and answers messaging's reply.
   */
  async setCitizen(
    nationalId: string,
    account: AccountState | 'none',
    consent: boolean,
  ): Promise<PartnerAnswer | null> {
    if (account === 'none') this.store.citizens.delete(nationalId);
    else this.store.citizens.set(nationalId, { nationalId, account, consent });
    if (!this.messaging) return null;
    return this.messaging.post('/v1/partner/portal/patient-status', {
      nationalId,
      portalAccount: account,
      consent,
    });
  }

  /**
   * A citizen writes to the clinic on the portal: an e-contact, an e-consultation or a renewal
   * request, sent to the clinic's messaging partner API under the portal's own message id (the
   * same id again is the same message), over REST (201 new thread, 200 repeat) or, with `'grpc'`,
   * over the partner gRPC API (status 0, `created` false on a repeat).
   */
  async sendDialogue(dialogue: PortalDialogue, via?: 'rest'): Promise<PartnerAnswer>;
  async sendDialogue(dialogue: PortalDialogue, via: 'grpc'): Promise<GrpcPartnerAnswer>;
  async sendDialogue(
    dialogue: PortalDialogue,
    via: 'rest' | 'grpc' = 'rest',
  ): Promise<PartnerAnswer | GrpcPartnerAnswer> {
    if (!this.messaging) throw new Error('no messaging partner connected');
    const body = { ...dialogue, portalMessageId: dialogue.portalMessageId ?? randomUUID() };
    if (via === 'rest') return this.messaging.post('/v1/partner/portal/dialogues', body);
    if (!this.grpc) throw new Error('no gRPC address of the messaging partner API connected');
    return this.grpc.sendDialogue(body, await this.messaging.token());
  }

  citizens(): Citizen[] {
    return [...this.store.citizens.values()];
  }

  /** Files stored on delivered messages, once per idempotency key, in arrival order. */
  attachments(): DeliveredAttachment[] {
    return [...this.store.attachments.values()];
  }

  /** Messages stored, once per idempotency key, in arrival order. */
  messages(): DeliveredMessage[] {
    return [...this.store.messages.values()];
  }

  attempts(): DeliveryAttempt[] {
    return [...this.store.attempts];
  }

  clearMessages(): void {
    this.store.messages.clear();
    this.store.attachments.clear();
    this.store.attempts.length = 0;
  }

  setFaults(faults: PortalFaults): void {
    this.faults.set(faults);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  faultsNow(): Required<PortalFaults> {
    return this.faults.current();
  }

  /** Down: the listening socket is closed, so calls meet connection refused. */
  goDown(): Promise<void> {
    return this.listening.goOffline();
  }

  /** Up again on the same port. */
  goUp(): Promise<void> {
    return this.listening.goOnline();
  }

  online(): boolean {
    return this.listening.online();
  }

  revokeTokens(): void {
    this.tokens.revokeAll();
  }
}

/** What a citizen writes on the portal to a clinic. */
export interface PortalDialogue {
  portalMessageId?: string;
  nationalId: string;
  kind: 'e_contact' | 'e_consultation' | 'prescription_renewal';
  subject: string;
  body: string;
  /** Renewal requests: the prescriptions as the citizen names them. */
  prescriptions?: { name: string; strength: string; dosage: string }[];
}
