import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { describeError } from '@carebus/errors';
import { CLOCK, type Clock } from '@carebus/platform';
import { TenantScope } from '@carebus/persistence';
import { SERVICE_SETTINGS, type ServiceSettings } from '../service-settings';
import { DeliveryMetrics } from './delivery-metrics';
import { NotificationsRepository } from './notifications.repository';
import { SendNotificationUseCase } from './send-notification.use-case';

/**
 * The durable job loop (no in-memory timers hold work): claims due notifications of all clinics
 * with FOR UPDATE SKIP LOCKED and a lease, and sends them with bounded concurrency, each in its
 * clinic's transactions. Several replicas may run it; a crashed replica's lease expires and
 * another takes the job over.
 */
@Injectable()
export class Dispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Dispatcher');
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly tenant: TenantScope,
    private readonly jobs: NotificationsRepository,
    private readonly send: SendNotificationUseCase,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_SETTINGS) private readonly settings: ServiceSettings,
    private readonly metrics: DeliveryMetrics,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.dispatch.enabled) this.start();
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

  /** Looks for due work now instead of after the poll interval (e.g. after a test moved the clock). */
  poke(): void {
    this.wake?.();
  }

  /** One claim-and-send pass; returns how many jobs it handled. */
  async runOnce(): Promise<number> {
    const { batch, concurrency, leaseMs } = this.settings.dispatch;
    const claim = { now: this.clock.now(), limit: batch, owner: this.settings.workerId, leaseMs };
    // Due jobs of every clinic are no one clinic's work; each send then acts for its job's clinic.
    const claimed = await this.tenant.withoutTenant((tx) => this.jobs.claimDue(tx, claim));
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const job = claimed[next++]!;
        try {
          await this.send.execute(job);
        } catch (error) {
          this.metrics.dispatchErrors.inc({ stage: 'send' });
          // The lease expires and the job is claimed again. The error is described, never its message:
          // it may quote the recipient's contact data.
          this.logger.error(
            { notificationId: job.id, clinicId: job.clinicId, err: describeError(error) },
            'send failed',
          );
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, worker));
    return claimed.length;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let handled = 0;
      try {
        handled = await this.runOnce();
      } catch (error) {
        this.metrics.dispatchErrors.inc({ stage: 'claim' });
        this.logger.error({ err: describeError(error) }, 'claiming due notifications failed');
      }
      if (handled === 0 && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.settings.dispatch.pollMs);
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
