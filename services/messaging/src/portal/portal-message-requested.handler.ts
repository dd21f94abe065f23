import { Injectable, Logger } from '@nestjs/common';
import { AuditTrail, serviceActor } from '@carebus/audit';
import { EVENTS } from '@carebus/contracts';
import { EventHandler, isEventOf, type ConsumedEvent } from '@carebus/messaging-kafka';
import type { Tx } from '@carebus/persistence';
import type { MessagingConfig } from '../service';
import { PortalDispatcher } from './portal-dispatcher';
import { PortalQueue } from './portal-queue';

/**
 * notifications.portal_message.v1 → the queue to the national portal (booking confirmations and
 * reminders for patients notifications found reachable). Queued in the inbox's transaction, keyed
 * by the portal message's id, so a redelivered event queues nothing twice. A patient who is no
 * longer reachable is not sent to; the refusal is audited.
 */
@Injectable()
export class PortalMessageRequestedHandler {
  private readonly logger = new Logger('PortalMessages');

  constructor(
    private readonly queue: PortalQueue,
    private readonly dispatcher: PortalDispatcher,
    private readonly audit: AuditTrail,
  ) {}

  @EventHandler((config: MessagingConfig) => config.MESSAGING_PORTAL_MESSAGE_TOPIC, {
    group: (config: MessagingConfig) => config.MESSAGING_PORTAL_CONSUMER_GROUP,
  })
  async handle(event: ConsumedEvent, tx: Tx): Promise<void> {
    if (!isEventOf(event, EVENTS.portalMessageRequested)) return;
    const p = event.payload;
    const enqueued = await this.queue.enqueue(tx, {
      content: {
        patientId: p.patientId,
        kind: 'notification',
        subject: p.subject || null,
        body: p.body,
        threadId: null,
        renewalOutcome: null,
        renewedItems: [],
      },
      idempotencyKey: `portal_message:${p.portalMessageId}`,
      createdBy: 'service:notifications',
    });
    await this.audit.record(tx, {
      clinicId: tx.clinicId,
      principal: serviceActor('messaging'),
      action: 'portal_message.send',
      resourceType: 'portal_message',
      resourceId: enqueued.queued ? enqueued.delivery.id : null,
      patientId: p.patientId,
      outcome: enqueued.queued ? 'allowed' : 'denied',
    });
    if (!enqueued.queued) {
      this.logger.warn(
        { eventId: event.envelope.id, clinicId: tx.clinicId, reason: enqueued.reason },
        'portal message not queued: patient not reachable through the portal',
      );
      return;
    }
    this.dispatcher.poke();
  }
}
