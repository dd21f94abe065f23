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
import { DeliverPortalMessageUseCase } from './deliver-portal-message.use-case';
import { PortalClient } from './portal-client';
import { PortalDeliveriesRepository } from './portal-deliveries.repository';
import { PORTAL_SETTINGS, type PortalSettings } from './portal-settings';

/**
 * The durable loop that drains the queue to the national portal (no in-memory timer holds a
 * message): claims due rows of every clinic with FOR UPDATE SKIP LOCKED and a lease, and sends
 * them with bounded concurrency. Several replicas may run it; a crashed replica's lease expires
 * and another takes the row over. Without a portal URL it does not run and messages wait.
 */
@Injectable()
export class PortalDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('PortalDispatcher');
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly tenant: TenantScope,
    private readonly deliveries: PortalDeliveriesRepository,
    private readonly deliver: DeliverPortalMessageUseCase,
    private readonly client: PortalClient,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PORTAL_SETTINGS) private readonly settings: PortalSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.client.configured) this.start();
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

  /** Looks for due work now instead of after the poll interval (e.g. right after a message was queued). */
  poke(): void {
    this.wake?.();
  }

  /** One claim-and-send pass; answers how many messages it handled. */
  async runOnce(): Promise<number> {
    const { batch, concurrency, leaseMs, workerId } = this.settings;
    const claim = { now: this.clock.now(), limit: batch, owner: workerId, leaseMs };
    // Due rows of every clinic are no one clinic's work; each delivery then acts for its clinic.
    const claimed = await this.tenant.withoutTenant((tx) => this.deliveries.claimDue(tx, claim));
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const delivery = claimed[next++]!;
        try {
          await this.deliver.execute(delivery);
        } catch (error) {
          // The lease expires and the row is claimed again; the error is described, never its text.
          this.logger.error(
            { deliveryId: delivery.id, clinicId: delivery.clinicId, err: describeError(error) },
            'portal delivery failed',
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
        this.logger.error({ err: describeError(error) }, 'claiming due portal deliveries failed');
      }
      if (handled === 0 && this.running) {
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
