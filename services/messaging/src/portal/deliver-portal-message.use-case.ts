import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail, serviceActor } from '@carebus/audit';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { NationalIdCipher } from '../consent/national-id-cipher';
import { PortalPatientsRepository } from '../consent/portal-patients.repository';
import { PortalClient, type PortalAnswer } from './portal-client';
import type { ClaimedDelivery } from './portal-deliveries.repository';
import { PortalDeliveriesRepository } from './portal-deliveries.repository';
import type { PortalDelivery } from './portal-delivery';
import { PORTAL_SETTINGS, type PortalSettings } from './portal-settings';
import { retryDelayMs } from './retry-backoff';
import { SendPortalAttachment } from './send-portal-attachment';

/**
 * Sends one claimed message to the portal: read it and open the patient's number (short
 * transaction; a file on a message is sent by `SendPortalAttachment`), call the portal with the row's id as idempotency key (no transaction held), then
 * record the outcome (delivered, failed for good, or another attempt after a jittered backoff).
 * A crash anywhere leaves the row pending; its lease expires and the resend carries the same key,
 * so the portal stores it once.
 */
@Injectable()
export class DeliverPortalMessageUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly deliveries: PortalDeliveriesRepository,
    private readonly patients: PortalPatientsRepository,
    private readonly cipher: NationalIdCipher,
    private readonly client: PortalClient,
    private readonly files: SendPortalAttachment,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PORTAL_SETTINGS) private readonly settings: PortalSettings,
  ) {}

  async execute(claimed: ClaimedDelivery): Promise<void> {
    const prepared = await this.tenant.withTenant(claimed.clinicId, async (tx) => {
      const delivery = await this.deliveries.find(tx, claimed.id);
      if (delivery?.status !== 'pending' || delivery.leaseOwner !== this.settings.workerId) return null;
      if (delivery.kind === 'attachment') {
        const message = delivery.partOf ? await this.deliveries.find(tx, delivery.partOf) : null;
        return { delivery, nationalId: null, message };
      }
      const patient = await this.patients.find(tx, delivery.patientId);
      const sealed = patient?.nationalIdSealed;
      return {
        delivery,
        nationalId: sealed ? this.cipher.open(tx.clinicId, delivery.patientId, sealed) : null,
        message: null,
      };
    });
    if (!prepared) return;
    const { delivery, nationalId, message } = prepared;
    const answer: PortalAnswer =
      delivery.kind === 'attachment'
        ? await this.files.send(delivery, message)
        : await this.sendMessage(delivery, nationalId);
    await this.record(delivery, answer);
  }

  private async sendMessage(delivery: PortalDelivery, nationalId: string | null): Promise<PortalAnswer> {
    return nationalId && delivery.body !== null
      ? await this.client.deliver({
          idempotencyKey: `carebus.${delivery.id}`,
          clinicId: delivery.clinicId,
          nationalId,
          kind: delivery.kind,
          subject: delivery.subject,
          body: delivery.body,
          threadId: delivery.threadId,
          renewalOutcome: delivery.renewalOutcome,
          renewedItems: delivery.renewedItems,
        })
      : { ok: false, permanent: true, code: 'no_national_id' };
  }

  private async record(delivery: PortalDelivery, answer: PortalAnswer): Promise<void> {
    const at = this.clock.now();
    await this.tenant.withTenant(delivery.clinicId, async (tx) => {
      if (!answer.ok && !answer.permanent) {
        const policy = { baseMs: this.settings.backoffBaseMs, maxMs: this.settings.backoffMaxMs };
        const wait = retryDelayMs(delivery.attempts + 1, policy, answer.retryAfterMs);
        return this.deliveries.retryAt(tx, delivery.id, answer.code, new Date(at.getTime() + wait));
      }
      await this.deliveries.finish(
        tx,
        delivery.id,
        answer.ok ? 'delivered' : 'failed',
        answer.ok ? null : answer.code,
        at,
      );
      await this.audit.record(tx, {
        clinicId: delivery.clinicId,
        principal: serviceActor('messaging'),
        action: 'portal_message.deliver',
        resourceType: 'portal_message',
        resourceId: delivery.id,
        patientId: delivery.patientId,
        outcome: answer.ok ? 'allowed' : 'failed',
      });
    });
  }
}
