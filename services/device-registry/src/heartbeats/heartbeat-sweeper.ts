import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { describeError } from '@carebus/errors';
import { Outbox } from '@carebus/outbox';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { deviceOfflineAlertEvent, deviceStatusChangedEvent } from '../devices/device-events';
import { DEVICE_SETTINGS, type DeviceSettings } from '../devices/device-settings';
import { DevicesRepository } from '../devices/devices.repository';

const BATCH = 500;

/**
 * Turns devices offline after the configured number of missed heartbeats, and raises the admin
 * alert for a clinic device service offline longer than the alert delay. Safe with any number of
 * replicas: each change is a conditional update, and only the replica whose update matched emits
 * the event (in the same transaction).
 */
@Injectable()
export class HeartbeatSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('HeartbeatSweeper');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly tenant: TenantScope,
    private readonly devices: DevicesRepository,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEVICE_SETTINGS) private readonly settings: DeviceSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .then(() => undefined)
        .catch((error: Error) => this.logger.warn({ err: describeError(error) }, 'heartbeat sweep failed'))
        .finally(() => {
          this.running = null;
        });
    }, this.settings.sweepIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass; answers how many devices it turned offline and alerted. */
  async sweep(): Promise<{ offline: number; alerted: number }> {
    const now = this.clock.now();
    const silentSince = new Date(
      now.getTime() - this.settings.heartbeatIntervalMs * this.settings.missedHeartbeats,
    );
    let offline = 0;
    const silent = await this.tenant.withoutTenant((tx) =>
      this.devices.missingHeartbeats(tx, silentSince, BATCH),
    );
    for (const due of silent) {
      const changed = await this.tenant.withTenant(due.clinicId, async (tx) => {
        const device = await this.devices.markOffline(tx, due.id, silentSince, now);
        if (device)
          await this.outbox.add(
            tx,
            deviceStatusChangedEvent(this.settings.deviceTopic, device, 'online', now),
          );
        return device !== null;
      });
      if (changed) offline += 1;
    }
    let alerted = 0;
    const alertCutoff = new Date(now.getTime() - this.settings.offlineAlertMs);
    const dueAlerts = await this.tenant.withoutTenant((tx) =>
      this.devices.dueOfflineAlerts(tx, alertCutoff, BATCH),
    );
    for (const due of dueAlerts) {
      const raised = await this.tenant.withTenant(due.clinicId, async (tx) => {
        const device = await this.devices.markAlerted(tx, due.id, alertCutoff, now);
        if (device)
          await this.outbox.add(tx, deviceOfflineAlertEvent(this.settings.deviceTopic, device, now));
        return device !== null;
      });
      if (raised) alerted += 1;
    }
    return { offline, alerted };
  }
}
