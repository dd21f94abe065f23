import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Tx } from '@carebus/persistence';
import { patientUnreachable } from '../messaging.errors';
import { AttachmentSinks, type AttachmentSink, type StoredAttachment } from '../threads/attachment-sinks';
import { PortalDeliveriesRepository } from './portal-deliveries.repository';
import { PortalQueue } from './portal-queue';

/**
 * A file on a message that goes to the national portal (the clinic's answer in a portal thread,
 * queued by `PortalAnswersSink` as `message:<id>`) goes after it: queued in the upload's
 * transaction as an `attachment` delivery keyed `attachment:<id>`, part of the message's delivery,
 * so it is sent once, after the message. Files on other messages stay where they are. A patient
 * who is no longer reachable fails the upload with `messaging.patient_unreachable`.
 */
@Injectable()
export class PortalAttachmentsSink implements AttachmentSink, OnModuleInit {
  constructor(
    private readonly sinks: AttachmentSinks,
    private readonly deliveries: PortalDeliveriesRepository,
    private readonly queue: PortalQueue,
  ) {}

  onModuleInit(): void {
    this.sinks.register(this);
  }

  async onAttachment(tx: Tx, stored: StoredAttachment): Promise<void> {
    const message = await this.deliveries.findByKey(tx, `message:${stored.messageId}`);
    if (!message) return;
    const enqueued = await this.queue.enqueue(tx, {
      content: {
        patientId: message.patientId,
        kind: 'attachment',
        subject: null,
        body: null,
        threadId: message.threadId,
        renewalOutcome: null,
        renewedItems: [],
        attachmentId: stored.attachmentId,
        partOf: message.id,
      },
      idempotencyKey: `attachment:${stored.attachmentId}`,
      createdBy: message.createdBy,
    });
    if (!enqueued.queued) throw patientUnreachable(enqueued.reason);
  }
}
