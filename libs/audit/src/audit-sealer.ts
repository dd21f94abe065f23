import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { describeError } from '@carebus/errors';
import { MetricsRegistry } from '@carebus/observability';
import { Outbox } from '@carebus/outbox';
import { raw, sql, TenantScope } from '@carebus/persistence';
import { z } from 'zod';
import { anchorEvents, AnchorRow } from './audit-anchors';
import { AuditMetrics } from './audit-metrics';
import { AUDIT_OPTIONS, type AuditOptions } from './audit-options';

const Sealed = z.object({ sealed: z.coerce.number().int() });
const Age = z.object({ age: z.coerce.number() });

/**
 * Chains the audit rows behind the writers: every `sealIntervalMs` it seals what was written
 * since (the schema's `audit_seal` function, one sealer at a time across replicas), and every
 * `anchorIntervalMs` it anchors the chain heads that moved, in the database and as
 * `audit.anchor.v1` events in the same transaction. The unsealed window is therefore about one
 * seal interval plus a pass; `carebus_audit_unsealed_age_seconds` shows it.
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditSealer');
  private readonly metrics: AuditMetrics;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastAnchor = 0;
  private stopped = false;

  constructor(
    @Inject(AUDIT_OPTIONS) private readonly options: AuditOptions,
    private readonly tenant: TenantScope,
    private readonly outbox: Outbox,
    registry: MetricsRegistry,
  ) {
    this.metrics = new AuditMetrics(registry.registry);
  }

  onApplicationBootstrap(): void {
    if (this.options.sealing === false) return;
    this.lastAnchor = Date.now();
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /**
   * One sealing pass until nothing is left (anchoring when due); answers the rows sealed. When
   * another replica holds the sealing lock it returns at once, unless `waitForLock` (tests, tools
   * that need everything sealed now), which waits for that pass to end and then seals.
   */
  async sealNow(options: { anchor?: boolean; waitForLock?: boolean } = {}): Promise<number> {
    const batch = this.options.sealBatch ?? 5_000;
    const anchor =
      options.anchor ?? Date.now() - this.lastAnchor >= (this.options.anchorIntervalMs ?? 30_000);
    let total = 0;
    for (;;) {
      const sealed = await this.tenant.withoutTenant(async (tx) => {
        const { sealed } = await tx.one(
          sql`SELECT ${this.fn('audit_seal')}(${batch}::int) AS sealed`,
          Sealed,
        );
        if (sealed >= 0 && sealed < batch && anchor) {
          const anchors = await tx.rows(sql`SELECT * FROM ${this.fn('audit_anchor_heads')}()`, AnchorRow);
          // The outbox takes a clinic's events only in that clinic's tenant (row-level security).
          for (const event of anchorEvents(this.options.service, anchors)) {
            await this.outbox.add(await tx.forTenant(event.clinicId), event);
          }
          this.metrics.anchors.inc(anchors.length);
          this.lastAnchor = Date.now();
        }
        return sealed;
      });
      if (sealed < 0) {
        if (!options.waitForLock) return total; // another replica is sealing
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      total += sealed;
      this.metrics.sealed.inc(sealed);
      if (sealed < batch) break;
    }
    const { age } = await this.tenant.withoutTenant((tx) =>
      tx.one(sql`SELECT ${this.fn('audit_unsealed_age')}() AS age`, Age),
    );
    this.metrics.unsealedAge.set(age);
    return total;
  }

  private fn(name: string) {
    return raw(`${this.options.schema}.${name}`);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sealNow()
        .then(() => undefined)
        .catch((error: unknown) => {
          this.metrics.failures.inc();
          this.logger.warn({ err: describeError(error) }, 'audit sealing pass failed; retrying');
        })
        .finally(() => this.schedule());
    }, this.options.sealIntervalMs ?? 1_000);
    this.timer.unref();
  }
}
