import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditTrail, type AuditActor } from '@carebus/audit';
import { CLOCK, type Clock } from '@carebus/platform';
import type { Tx } from '@carebus/persistence';
import { UnreadCounters } from '../inboxes/unread-counters';
import type { MessageType } from '../routing/routing-rule';
import { ThreadRouter } from '../routing/thread-router';
import { MessageSinks } from './message-sinks';
import { MessagesRepository } from './messages.repository';
import type {
  AuthorKind,
  Direction,
  InboxReason,
  Message,
  PrescriptionItem,
  RenewalOutcome,
  RoutingSnapshot,
  Thread,
  ThreadKind,
  ThreadOrigin,
} from './thread';
import { ThreadsRepository } from './threads.repository';

/** Who writes: a verified principal or the service itself, and as what. */
export interface Author {
  actor: AuditActor;
  kind: AuthorKind;
}

/** A new dialogue from the patient side (portal, app, national portal through the partner). */
export interface IncomingDialogue {
  kind: ThreadKind;
  origin: Exclude<ThreadOrigin, 'staff'>;
  patientId: string;
  subject: string;
  body: string;
  author: Author;
  /** Renewal requests: the prescriptions as the patient names them. */
  prescriptions?: Omit<PrescriptionItem, 'position' | 'renewed'>[];
  appointmentId?: string | null;
  hidden?: boolean;
}

/** A new thread started by the clinic: to a patient, or internal (e-dialogue) to colleagues' inboxes. */
export interface OutgoingDialogue {
  kind: ThreadKind;
  patientId: string | null;
  subject: string;
  body: string;
  author: Author;
  /** Inboxes addressed besides the sender's own (internal e-dialogues). */
  recipientInboxIds: string[];
  senderInboxId: string;
  appointmentId?: string | null;
  hidden?: boolean;
}

type NewThreadFields = Pick<IncomingDialogue, 'kind' | 'subject' | 'author' | 'appointmentId' | 'hidden'> & {
  patientId: string | null;
  origin: ThreadOrigin;
  routing: RoutingSnapshot;
};

/**
 * Threads and their messages, inside the caller's transaction: routing, unread counters,
 * participants, message sinks and the audit row all commit with the message or not at all.
 * The stable port for other modules (portal gateway): `receive` and `replyFromPatient`.
 * Access checks are the caller's (`ThreadAccess`); bodies are never logged.
 */
@Injectable()
export class ThreadsService {
  constructor(
    private readonly threads: ThreadsRepository,
    private readonly messages: MessagesRepository,
    private readonly router: ThreadRouter,
    private readonly counters: UnreadCounters,
    private readonly sinks: MessageSinks,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A patient's new dialogue: routed by the clinic's rule for its type as it is now. */
  async receive(tx: Tx, d: IncomingDialogue): Promise<{ thread: Thread; message: Message }> {
    const now = this.clock.now();
    const route = await this.router.route(tx, routedAs(d.kind), d.patientId, now);
    const thread = await this.create(tx, { ...d, routing: route.snapshot }, now);
    await this.threads.addInboxes(tx, thread.id, route.inboxes, now);
    await this.messages.addItems(tx, thread.id, d.prescriptions ?? []);
    const message = await this.append(tx, thread, d.author, d.body, 'inbound', null);
    return { thread: await this.asStored(tx, thread), message };
  }

  /** The patient (or guardian, or the portal for them) writes in an existing thread. */
  async replyFromPatient(tx: Tx, thread: Thread, author: Author, body: string): Promise<Message> {
    return this.append(tx, thread, author, body, 'inbound', null);
  }

  /** The clinic starts a thread: to the patient (outbound), or internal between colleagues. */
  async start(tx: Tx, d: OutgoingDialogue): Promise<{ thread: Thread; message: Message }> {
    const now = this.clock.now();
    const routing: RoutingSnapshot = { mode: 'addressed', receiverUnitId: null, practitionerId: null };
    const thread = await this.create(tx, { ...d, origin: 'staff', routing }, now);
    const inboxes: { inboxId: string; reason: InboxReason }[] = [
      { inboxId: d.senderInboxId, reason: 'sender' },
      ...d.recipientInboxIds
        .filter((id) => id !== d.senderInboxId)
        .map((inboxId) => ({ inboxId, reason: 'recipient' as const })),
    ];
    await this.threads.addInboxes(tx, thread.id, inboxes, now);
    const direction: Direction = d.patientId ? 'outbound' : 'internal';
    const message = await this.append(tx, thread, d.author, d.body, direction, null);
    return { thread: await this.asStored(tx, thread), message };
  }

  /** Staff answer in a thread: to the patient (outbound) or to colleagues (internal). */
  async replyFromStaff(
    tx: Tx,
    thread: Thread,
    author: Author,
    body: string,
    renewalOutcome: RenewalOutcome | null = null,
  ): Promise<Message> {
    const direction: Direction = thread.patientId ? 'outbound' : 'internal';
    return this.append(tx, thread, author, body, direction, renewalOutcome);
  }

  /** `subject` has read the thread to its last message: their unread counters go down. The thread is locked. */
  async markRead(tx: Tx, thread: Thread, subject: string): Promise<void> {
    await this.counters.markRead(tx, thread.id, subject, thread.messageCount);
  }

  /** The new thread as its first message left it: sinks may have changed it (e.g. journal filing pending). */
  private async asStored(tx: Tx, thread: Thread): Promise<Thread> {
    return (await this.threads.find(tx, thread.id)) ?? { ...thread, messageCount: 1 };
  }

  private async create(tx: Tx, d: NewThreadFields, now: Date): Promise<Thread> {
    const thread: Thread = {
      id: randomUUID(),
      clinicId: tx.clinicId,
      kind: d.kind,
      origin: d.origin,
      patientId: d.patientId?.toLowerCase() ?? null,
      subject: d.subject,
      createdBy: d.author.actor.subject,
      createdByKind: d.author.kind,
      appointmentId: d.appointmentId ?? null,
      hidden: d.hidden ?? false,
      convertedFrom: null,
      convertedAt: null,
      journalStatus: null,
      journalEntryId: null,
      renewalOutcome: null,
      routing: d.routing,
      messageCount: 0,
      lastMessageAt: now,
      createdAt: now,
      updatedAt: now,
    };
    await this.threads.insert(tx, thread);
    await this.audit.record(tx, {
      clinicId: tx.clinicId,
      principal: d.author.actor,
      action: 'thread.create',
      resourceType: 'thread',
      resourceId: thread.id,
      patientId: thread.patientId,
      outcome: 'allowed',
    });
    return thread;
  }

  private async append(
    tx: Tx,
    thread: Thread,
    author: Author,
    body: string,
    direction: Direction,
    renewalOutcome: RenewalOutcome | null,
  ): Promise<Message> {
    const now = this.clock.now();
    const seq = await this.threads.nextSeq(tx, thread.id, now);
    const message: Message = {
      id: randomUUID(),
      threadId: thread.id,
      seq,
      authorSubject: author.actor.subject,
      authorKind: author.kind,
      direction,
      body,
      renewalOutcome,
      createdAt: now,
    };
    await this.messages.insert(tx, message);
    await this.threads.addParticipant(tx, thread.id, author.actor.subject, author.kind);
    if (direction !== 'outbound') await this.counters.countMessage(tx, thread.id, author.actor.subject);
    await this.sinks.notify(tx, { ...thread, messageCount: seq, lastMessageAt: now }, message);
    await this.audit.record(tx, {
      clinicId: tx.clinicId,
      principal: author.actor,
      action: 'message.write',
      resourceType: 'thread',
      resourceId: thread.id,
      patientId: thread.patientId,
      outcome: 'allowed',
    });
    return message;
  }
}

/** An e-dialogue from a patient is routed like an e-contact. */
function routedAs(kind: ThreadKind): MessageType {
  return kind === 'e_dialogue' ? 'e_contact' : kind;
}
