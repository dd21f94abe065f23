import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '@carebus/outbox';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import type { AgentCaller } from '../agent-grpc/device-authenticator';
import { deviceRemoved } from '../device-registry.errors';
import type { ComponentStatusEntry, Device } from '../devices/device';
import { deviceStatusChangedEvent } from '../devices/device-events';
import { DEVICE_SETTINGS, type DeviceSettings } from '../devices/device-settings';
import { DevicesRepository } from '../devices/devices.repository';
import { DeviceMetrics } from './device-metrics';

const sameComponents = (a: ComponentStatusEntry[], b: ComponentStatusEntry[]) =>
  a.length === b.length &&
  a.every((c, i) => c.name === b[i]!.name && c.state === b[i]!.state && c.reason === b[i]!.reason);

/**
 * A heartbeat: version and component statuses stored, the device online. Coming online or a
 * change of components emits DeviceStatusChanged in the same transaction; a plain heartbeat
 * writes one row and no event.
 */
@Injectable()
export class RecordHeartbeatUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly devices: DevicesRepository,
    private readonly outbox: Outbox,
    private readonly metrics: DeviceMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEVICE_SETTINGS) private readonly settings: DeviceSettings,
  ) {}

  async execute(
    caller: AgentCaller,
    agentVersion: string,
    components: ComponentStatusEntry[],
  ): Promise<Device> {
    return this.tenant.withTenant(caller.clinicId, async (tx) => {
      const device = await this.devices.find(tx, caller.deviceId, true);
      if (!device || device.state === 'removed') throw deviceRemoved();
      const now = this.clock.now();
      const sorted = [...components].sort((x, y) => x.name.localeCompare(y.name));
      const changed =
        device.connectivity !== 'online' ||
        !sameComponents(device.components, sorted) ||
        device.agentVersion !== agentVersion;
      const version = await this.devices.recordHeartbeat(tx, device.id, agentVersion, sorted, now, changed);
      const after: Device = {
        ...device,
        agentVersion,
        components: sorted,
        connectivity: 'online',
        lastHeartbeatAt: now,
        offlineSince: null,
        offlineAlertedAt: null,
        version,
      };
      if (changed) {
        await this.outbox.add(
          tx,
          deviceStatusChangedEvent(this.settings.deviceTopic, after, device.connectivity, now),
        );
      }
      this.metrics.heartbeat(device.lastHeartbeatAt, now);
      return after;
    });
  }
}
