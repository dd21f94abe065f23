import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { Outbox } from '@carebus/outbox';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { deviceNotFound } from '../device-registry.errors';
import { assertDeviceAdmin, deviceEntry, type DeviceActor } from './device-access';
import { deviceRemovedEvent } from './device-events';
import { DeviceSignals } from './device-signals';
import { DEVICE_SETTINGS, type DeviceSettings } from './device-settings';
import { DevicesRepository } from './devices.repository';

/**
 * A clinic admin removes a device: from the commit on its tokens are refused, and every replica
 * ends its open stream (NOTIFY on commit; this replica at once).
 */
@Injectable()
export class RemoveDeviceUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly devices: DevicesRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly signals: DeviceSignals,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEVICE_SETTINGS) private readonly settings: DeviceSettings,
  ) {}

  async execute(actor: DeviceActor, id: string): Promise<void> {
    assertDeviceAdmin(actor);
    await this.tenant.withTenant(actor.clinicId, async (tx) => {
      const now = this.clock.now();
      const version = await this.devices.remove(tx, id, actor.principal.subject, now);
      if (version === null) throw deviceNotFound();
      await this.outbox.add(
        tx,
        deviceRemovedEvent(
          this.settings.deviceTopic,
          { id, clinicId: actor.clinicId },
          'admin',
          actor.principal.subject,
          now,
          version,
        ),
      );
      await this.devices.signalRemoved(tx, id);
      await this.audit.record(tx, deviceEntry(actor, 'device.remove', id, 'allowed'));
    });
    this.signals.emitLocal('removed', id);
  }
}
