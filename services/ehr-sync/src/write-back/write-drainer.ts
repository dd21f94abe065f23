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
import { ApplyWriteUseCase } from './apply-write.use-case';
import { WriteBackMetrics } from './write-back-metrics';
import { WRITE_BACK_SETTINGS, type WriteBackSettings } from './write-back-settings';
import { WriteQueueRepository } from './write-queue.repository';

/**
 * The durable drain loop (no in-memory timer holds a write): claims due writes of every clinic
 * with FOR UPDATE SKIP LOCKED and a lease — only the oldest pending write of each appointment, so
 * an appointment's writes reach the EHR in order — and applies them with bounded concurrency.
 * Several replicas may run it; a crashed replica's leases run out and another takes over.
 */
@Injectable()
export class WriteDrainer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WriteDrainer');
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly tenant: TenantScope,
    private readonly queue: WriteQueueRepository,
    private readonly apply: ApplyWriteUseCase,
    private readonly metrics: WriteBackMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WRITE_BACK_SETTINGS) private readonly settings: WriteBackSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.drain) this.start();
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

  /** Looks for due writes now instead of after the poll interval. */
  poke(): void {
    this.wake?.();
  }

  /** One claim-and-apply pass; answers how many writes it handled. */
  async runOnce(): Promise<number> {
    const { batch, concurrency, leaseMs, workerId } = this.settings;
    const claim = { now: this.clock.now(), limit: batch, owner: workerId, leaseMs };
    // Due writes of every clinic are no one clinic's work; each write then acts for its clinic.
    const claimed = await this.tenant.withoutTenant((tx) => this.queue.claimDue(tx, claim));
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const write = claimed[next++]!;
        try {
          await this.apply.execute(write);
        } catch (error) {
          this.metrics.drainErrors.inc({ stage: 'apply' });
          this.logger.error(
            { writeId: write.id, clinicId: write.clinicId, err: describeError(error) },
            'write failed',
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
        this.metrics.drainErrors.inc({ stage: 'claim' });
        this.logger.error({ err: describeError(error) }, 'claiming due writes failed');
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
