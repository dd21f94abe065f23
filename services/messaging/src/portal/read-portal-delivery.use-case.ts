import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { TenantScope } from '@carebus/persistence';
import { assertClinicStaff, type PortalActor } from '../consent/consent-access';
import { portalDeliveryNotFound } from '../messaging.errors';
import { PortalDeliveriesRepository } from './portal-deliveries.repository';
import type { PortalDelivery } from './portal-delivery';

/** Where a message to the portal stands (pending, delivered, failed); another clinic's id is unknown. */
@Injectable()
export class ReadPortalDeliveryUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly deliveries: PortalDeliveriesRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: PortalActor, id: string): Promise<PortalDelivery> {
    assertClinicStaff(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const delivery = await this.deliveries.find(tx, id);
      if (!delivery) throw portalDeliveryNotFound();
      await this.audit.record(tx, {
        clinicId: actor.clinicId,
        principal: actor.principal,
        action: 'portal_message.read',
        resourceType: 'portal_message',
        resourceId: id,
        patientId: delivery.patientId,
        outcome: 'allowed',
      });
      return delivery;
    });
  }
}
