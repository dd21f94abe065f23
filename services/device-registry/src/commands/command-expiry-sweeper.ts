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
import { DEVICE_SETTINGS, type DeviceSettings } from '../devices/device-settings';
import { commandExpiredEvent } from './command-events';
import { CommandsRepository } from './commands.repository';

const BATCH = 500;

/**
 * Expires commands whose deadline passed without a result (also those of an offline device that
 * never saw them), with CommandExpired in the same transaction. Safe with several replicas: the
 * row is locked and re-checked, so one expiry per command.
 */
@Injectable()
export class CommandExpirySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CommandExpirySweeper');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly tenant: TenantScope,
    private readonly commands: CommandsRepository,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEVICE_SETTINGS) private readonly settings: DeviceSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .then(() => undefined)
        .catch((error: Error) => this.logger.warn({ err: describeError(error) }, 'command expiry failed'))
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

  /** One pass; answers how many commands it expired. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const due = await this.tenant.withoutTenant((tx) => this.commands.pastDeadline(tx, now, BATCH));
    let expired = 0;
    for (const { id, clinicId } of due) {
      const done = await this.tenant.withTenant(clinicId, async (tx) => {
        const changed = await this.commands.expire(tx, id, now);
        if (changed) {
          await this.outbox.add(
            tx,
            commandExpiredEvent(this.settings.commandTopic, changed.before, now, changed.version),
          );
        }
        return changed !== null;
      });
      if (done) expired += 1;
    }
    return expired;
  }
}
