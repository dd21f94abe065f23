import { Injectable, Logger } from '@nestjs/common';
import { describeError } from '@carebus/errors';
import { gaugeOn, histogramOn, type Histogram, MetricsRegistry } from '@carebus/observability';
import { TenantScope } from '@carebus/persistence';
import { DevicesRepository } from '../devices/devices.repository';

/**
 * Devices online and offline (every clinic's, one query per scrape) and the age of the previous
 * heartbeat when a new one arrives. No ids in labels: only the connectivity.
 */
@Injectable()
export class DeviceMetrics {
  private readonly logger = new Logger('DeviceMetrics');
  private readonly heartbeatAge: Histogram<string>;
  private sampling: Promise<Record<string, number> | null> | null = null;

  constructor(
    metrics: MetricsRegistry,
    private readonly tenant: TenantScope,
    private readonly devices: DevicesRepository,
  ) {
    const sample = () => this.sample();
    gaugeOn(metrics.registry, {
      name: 'carebus_devices',
      help: 'Enrolled devices (not removed) of every clinic by connectivity (online, offline)',
      labelNames: ['connectivity'],
      async collect() {
        const counts = await sample();
        if (!counts) return;
        for (const connectivity of ['online', 'offline'])
          this.set({ connectivity }, counts[connectivity] ?? 0);
      },
    });
    this.heartbeatAge = histogramOn(metrics.registry, {
      name: 'carebus_device_heartbeat_age_seconds',
      help: "Time since a device's previous heartbeat when the next one arrives",
      buckets: [1, 2.5, 5, 10, 15, 20, 30, 60, 120, 300, 900],
    });
  }

  heartbeat(previous: Date | null, now: Date): void {
    if (previous) this.heartbeatAge.observe(Math.max(0, (now.getTime() - previous.getTime()) / 1000));
  }

  private sample(): Promise<Record<string, number> | null> {
    this.sampling ??= this.tenant
      .withoutTenant((tx) => this.devices.countByConnectivity(tx))
      .catch((error: Error) => {
        this.logger.warn({ err: describeError(error) }, 'counting devices failed');
        return null;
      })
      .finally(() => {
        this.sampling = null;
      });
    return this.sampling;
  }
}
