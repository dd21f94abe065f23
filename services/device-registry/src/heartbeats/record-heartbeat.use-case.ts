import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Outbox } from '@carebus/outbox';
import { TenantScope, type Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import type { AgentCaller } from '../agent-grpc/device-authenticator';
import { deviceRemoved } from '../device-registry.errors';
import type { ComponentStatusEntry, Device } from '../devices/device';
import { deviceStatusChangedEvent } from '../devices/device-events';
import { DEVICE_SETTINGS, type DeviceSettings } from '../devices/device-settings';
import { DevicesRepository } from '../devices/devices.repository';
import { DeviceMetrics } from './device-metrics';
import { HeartbeatBatch, type Pending } from './heartbeat-batch';

interface Beat {
  agentVersion: string;
  components: ComponentStatusEntry[];
}

const sameComponents = (a: ComponentStatusEntry[], b: ComponentStatusEntry[]) =>
  a.length === b.length &&
  a.every((c, i) => c.name === b[i]!.name && c.state === b[i]!.state && c.reason === b[i]!.reason);

/**
 * A heartbeat: version and component statuses stored, the device online. Heartbeats are
 * coalesced in memory for `DEVICE_REGISTRY_HEARTBEAT_FLUSH_MS` and written per clinic in one
 * transaction (one locking read, one multi-row update); each agent is answered only after that
 * commit. Coming online or a change of components or version emits DeviceStatusChanged in the
 * same transaction; a plain heartbeat writes its row and no event.
 */
@Injectable()
export class RecordHeartbeatUseCase implements OnApplicationShutdown {
  private readonly batch: HeartbeatBatch<Beat, Device>;

  constructor(
    private readonly tenant: TenantScope,
    private readonly devices: DevicesRepository,
    private readonly outbox: Outbox,
    private readonly metrics: DeviceMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEVICE_SETTINGS) private readonly settings: DeviceSettings,
  ) {
    this.batch = new HeartbeatBatch(settings.heartbeatFlushMs, (clinicId, beats) =>
      this.flush(clinicId, beats),
    );
  }

  execute(caller: AgentCaller, agentVersion: string, components: ComponentStatusEntry[]): Promise<Device> {
    const sorted = [...components].sort((x, y) => x.name.localeCompare(y.name));
    return this.batch.add(caller.clinicId, caller.deviceId, { agentVersion, components: sorted });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.batch.drain();
  }

  private async flush(clinicId: string, beats: Map<string, Pending<Beat, Device>>): Promise<void> {
    const answers = await this.tenant.withTenant(clinicId, (tx) => this.write(tx, beats));
    for (const [id, pending] of beats) {
      const after = answers.get(id);
      for (const waiter of pending.waiters) {
        if (after) waiter.resolve(after);
        else waiter.reject(deviceRemoved());
      }
    }
  }

  private async write(tx: Tx, beats: Map<string, Pending<Beat, Device>>): Promise<Map<string, Device>> {
    const now = this.clock.now();
    const live = (await this.devices.findManyForUpdate(tx, [...beats.keys()])).filter(
      (d) => d.state !== 'removed',
    );
    const rows = live.map((device) => {
      const beat = beats.get(device.id)!.item;
      const changed =
        device.connectivity !== 'online' ||
        !sameComponents(device.components, beat.components) ||
        device.agentVersion !== beat.agentVersion;
      return { device, beat, changed };
    });
    const versions =
      rows.length === 0
        ? new Map<string, number>()
        : await this.devices.recordHeartbeats(
            tx,
            rows.map((r) => ({ id: r.device.id, ...r.beat, bumpVersion: r.changed })),
            now,
          );
    const answers = new Map<string, Device>();
    for (const { device, beat, changed } of rows) {
      const after: Device = {
        ...device,
        agentVersion: beat.agentVersion,
        components: beat.components,
        connectivity: 'online',
        lastHeartbeatAt: now,
        offlineSince: null,
        offlineAlertedAt: null,
        version: versions.get(device.id) ?? device.version,
      };
      if (changed) {
        await this.outbox.add(
          tx,
          deviceStatusChangedEvent(this.settings.deviceTopic, after, device.connectivity, now),
        );
      }
      this.metrics.heartbeat(device.lastHeartbeatAt, now);
      answers.set(device.id, after);
    }
    return answers;
  }
}
