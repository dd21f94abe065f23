import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Tx } from '@carebus/persistence';
import { patientUnreachable } from '../messaging.errors';
import { MessageSinks, type MessageSink } from '../threads/message-sinks';
import { MessagesRepository } from '../threads/messages.repository';
import type { Message, Thread } from '../threads/thread';
import type { PortalMessageContent } from './portal-delivery';
import { PortalQueue } from './portal-queue';

/**
 * The clinic's answers in a thread that came from the national portal go back through the portal:
 * each outbound message (a reply, a renewal's answer) is queued in the transaction that stores it,
 * keyed by the message id so it is queued once. A patient who is no longer reachable there fails
 * the send with `messaging.patient_unreachable` (the thread frame audits the refusal).
 */
@Injectable()
export class PortalAnswersSink implements MessageSink, OnModuleInit {
  constructor(
    private readonly sinks: MessageSinks,
    private readonly messages: MessagesRepository,
    private readonly queue: PortalQueue,
  ) {}

  onModuleInit(): void {
    this.sinks.register(this);
  }

  async onMessage(tx: Tx, thread: Thread, message: Message): Promise<void> {
    if (thread.origin !== 'national_portal' || message.direction !== 'outbound' || !thread.patientId) return;
    const content: PortalMessageContent = {
      patientId: thread.patientId,
      kind: message.renewalOutcome ? 'renewal_answer' : 'dialogue_answer',
      subject: thread.subject,
      body: message.body,
      threadId: thread.id,
      renewalOutcome: message.renewalOutcome,
      renewedItems: message.renewalOutcome ? await this.renewedNames(tx, thread.id) : [],
    };
    const enqueued = await this.queue.enqueue(tx, {
      content,
      idempotencyKey: `message:${message.id}`,
      createdBy: message.authorSubject,
    });
    // The dispatcher's next poll sends it, once this transaction has committed.
    if (!enqueued.queued) throw patientUnreachable(enqueued.reason);
  }

  private async renewedNames(tx: Tx, threadId: string): Promise<string[]> {
    const items = await this.messages.items(tx, threadId);
    return items.filter((i) => i.renewed === true).map((i) => i.name);
  }
}
