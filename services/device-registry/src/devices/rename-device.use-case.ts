import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { Outbox } from '@carebus/outbox';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { deviceNotFound } from '../device-registry.errors';
import { assertDeviceAdmin, deviceEntry, type DeviceActor } from './device-access';
import type { Device } from './device';
import { deviceNamedEvent } from './device-events';
import { DEVICE_SETTINGS, type DeviceSettings } from './device-settings';
import { DevicesRepository } from './devices.repository';

/**
 * A clinic admin names or renames any device of the clinic (a `needs_name` clinic device service
 * becomes active); the name, its event and the audit row commit together.
 */
@Injectable()
export class RenameDeviceUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly devices: DevicesRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEVICE_SETTINGS) private readonly settings: DeviceSettings,
  ) {}

  async execute(actor: DeviceActor, id: string, name: string): Promise<Device> {
    assertDeviceAdmin(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const device = await this.devices.find(tx, id, true);
      if (!device || device.state === 'removed') throw deviceNotFound();
      const now = this.clock.now();
      const version = await this.devices.rename(tx, id, name, now);
      if (version === null) throw deviceNotFound();
      await this.outbox.add(
        tx,
        deviceNamedEvent(this.settings.deviceTopic, device, name, actor.principal.subject, now, version),
      );
      await this.audit.record(tx, deviceEntry(actor, 'device.rename', id, 'allowed'));
      return { ...device, name, state: 'active', version, updatedAt: now };
    });
  }
}
