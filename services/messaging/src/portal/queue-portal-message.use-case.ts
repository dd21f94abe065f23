import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { TenantScope } from '@carebus/persistence';
import { assertClinicStaff, reachabilityEntry, type PortalActor } from '../consent/consent-access';
import { patientUnreachable } from '../messaging.errors';
import type { PortalDelivery, PortalMessageContent } from './portal-delivery';
import { PortalDispatcher } from './portal-dispatcher';
import { PortalQueue } from './portal-queue';

export interface QueuePortalMessageCommand {
  actor: PortalActor;
  content: PortalMessageContent;
  idempotencyKey: string;
}

/**
 * Staff send an answer to a patient through the national portal (a dialogue's or a renewal's).
 * Refused with 422 messaging.patient_unreachable (and audited as denied) when the patient cannot
 * be reached there now; otherwise queued and audited in one commit. The same key again answers
 * the message already queued.
 */
@Injectable()
export class QueuePortalMessageUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly queue: PortalQueue,
    private readonly dispatcher: PortalDispatcher,
    private readonly audit: AuditTrail,
  ) {}

  async execute(cmd: QueuePortalMessageCommand): Promise<{ delivery: PortalDelivery; created: boolean }> {
    const { actor, content } = cmd;
    assertClinicStaff(actor);
    const result = await this.tenant.withTenant(actor.clinicId, async (tx) => {
      const enqueued = await this.queue.enqueue(tx, {
        content,
        idempotencyKey: `staff:${cmd.idempotencyKey}`,
        createdBy: actor.principal.subject,
      });
      if (enqueued.queued) {
        const entry = reachabilityEntry(
          actor,
          'portal_message.send',
          content.patientId,
          'allowed',
          enqueued.delivery.id,
        );
        await this.audit.record(tx, entry);
      }
      return enqueued;
    });
    if (!result.queued) {
      await this.audit.recordOutcome(
        reachabilityEntry(actor, 'portal_message.send', content.patientId, 'denied', null),
      );
      throw patientUnreachable(result.reason);
    }
    this.dispatcher.poke();
    return { delivery: result.delivery, created: result.created };
  }
}
