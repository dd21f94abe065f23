import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { describeError } from '@carebus/errors';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { RunSyncUseCase } from './run-sync.use-case';
import { SyncSchedulesRepository } from './sync-schedules.repository';
import { SYNC_SETTINGS, type SyncSettings } from './sync-settings';

/**
 * The durable job loop (no in-memory cron): claims one connection with due work at a time, with
 * FOR UPDATE SKIP LOCKED and a lease, and runs it. Any number of replicas may run it: a
 * connection has one runner at a time, and a stopped runner's run is taken over once its lease
 * has expired.
 */
@Injectable()
export class SyncRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SyncRunner');
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly tenant: TenantScope,
    private readonly schedules: SyncSchedulesRepository,
    private readonly runSync: RunSyncUseCase,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SYNC_SETTINGS) private readonly settings: SyncSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.runnerEnabled) this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  /** Looks for due work now (after an on-demand request). */
  poke(): void {
    this.wake?.();
  }

  /** Claims and runs one connection's due work; false when none was due. */
  async runOnce(): Promise<boolean> {
    const claim = await this.tenant.withoutTenant((tx) =>
      this.schedules.claimDue(tx, this.clock.now(), this.settings.runnerId, this.settings.leaseMs),
    );
    if (!claim) return false;
    await this.runSync.execute(claim);
    return true;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let worked = false;
      try {
        worked = await this.runOnce();
      } catch (error) {
        this.logger.error({ err: describeError(error) }, 'sync runner pass failed');
      }
      if (!worked && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.settings.pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }
}
