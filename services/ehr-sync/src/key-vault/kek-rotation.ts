import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@carebus/errors';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { KEY_VAULT_SETTINGS, type KeyVaultSettings } from './key-vault-settings';
import { KeyMetrics } from './key-metrics';
import { SharedKeysRepository } from './shared-keys.repository';
import { unwrapStored, wrapActive } from './stored-key-cipher';

export interface RewrapFailure {
  clinicId: string;
  code: string;
}

/** This replica's last (or current) rewrap run. */
export interface RewrapRun {
  state: 'idle' | 'running' | 'finished';
  targetKekVersion: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  rewrapped: number;
  failures: RewrapFailure[];
}

export interface RotationStatus {
  activeKekVersion: string;
  configuredKekVersions: string[];
  /** Keys per KEK version over every clinic, counted now. */
  keysByKekVersion: Record<string, number>;
  /** Configured versions no key is wrapped under any more: they may be removed from EHR_SYNC_KEKS. */
  retirableKekVersions: string[];
  /** Keys still under a version this replica does not hold (never rewrappable here). */
  keysUnderUnknownKekVersions: number;
  run: RewrapRun;
}

/**
 * KEK rotation without downtime: after every replica runs with the new version active (new keys
 * are wrapped with it), a rewrap moves each clinic's key to it, online and in batches, each key in
 * its own short transaction under its row lock, so a concurrent view or replace waits a moment and
 * never loses a key. The SEK does not change (same key id; sealed values stay as they are).
 */
@Injectable()
export class KekRotation {
  private readonly logger = new Logger('KekRotation');
  private run: RewrapRun;
  private running: Promise<void> | null = null;

  constructor(
    private readonly tenant: TenantScope,
    private readonly keys: SharedKeysRepository,
    private readonly metrics: KeyMetrics,
    @Inject(KEY_VAULT_SETTINGS) private readonly settings: KeyVaultSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.run = this.freshRun('idle');
  }

  /** Starts a rewrap to the active version unless one runs; answers the status at once. */
  async start(): Promise<RotationStatus> {
    if (!this.running) {
      this.run = { ...this.freshRun('running'), startedAt: this.clock.now() };
      this.running = this.rewrapAll().finally(() => (this.running = null));
    }
    return this.status();
  }

  /** Waits for the current run (tests, shutdown). */
  async settled(): Promise<void> {
    await this.running;
  }

  async status(): Promise<RotationStatus> {
    const counts = await this.tenant.withoutTenant((tx) => this.keys.countByKekVersion(tx));
    const { keks } = this.settings;
    const configured = keks.versions;
    return {
      activeKekVersion: keks.active.version,
      configuredKekVersions: configured,
      keysByKekVersion: counts,
      retirableKekVersions: configured.filter((v) => v !== keks.active.version && !counts[v]),
      keysUnderUnknownKekVersions: Object.entries(counts)
        .filter(([v]) => !configured.includes(v))
        .reduce((sum, [, n]) => sum + n, 0),
      run: { ...this.run, failures: [...this.run.failures] },
    };
  }

  private async rewrapAll(): Promise<void> {
    const active = this.settings.keks.active.version;
    let after: string | null = null;
    try {
      for (;;) {
        const cursor: string | null = after;
        const batch: string[] = await this.tenant.withoutTenant((tx) =>
          this.keys.clinicsToRewrap(tx, active, cursor, this.settings.rewrapBatch),
        );
        if (batch.length === 0) break;
        for (const clinicId of batch) await this.rewrapOne(clinicId);
        after = batch[batch.length - 1]!;
      }
    } catch (error) {
      this.logger.error(
        { err: error instanceof DomainError ? error.code : 'unexpected' },
        'KEK rewrap stopped',
      );
    }
    this.run = { ...this.run, state: 'finished', finishedAt: this.clock.now() };
    this.logger.log(
      { rewrapped: this.run.rewrapped, failed: this.run.failures.length, kekVersion: active },
      'KEK rewrap finished',
    );
  }

  private async rewrapOne(clinicId: string): Promise<void> {
    const { keks } = this.settings;
    try {
      const done = await this.tenant.withTenant(clinicId, async (tx) => {
        const key = await this.keys.find(tx, 'update');
        if (!key || key.kekVersion === keks.active.version) return false;
        const sek = unwrapStored(keks, key);
        const { kekVersion, ...wrapped } = wrapActive(keks, clinicId, key.keyId, sek);
        sek.fill(0);
        return this.keys.rewrap(tx, key, kekVersion, wrapped, this.clock.now());
      });
      if (done) this.run.rewrapped += 1;
      this.metrics.count('rewrap', done ? 'ok' : 'changed');
    } catch (error) {
      const code = error instanceof DomainError ? error.code : 'internal';
      this.run.failures.push({ clinicId, code });
      this.metrics.count(
        'rewrap',
        code === 'ehrsync.kek_version_unknown' ? 'kek_unknown' : 'integrity_failed',
      );
    }
  }

  private freshRun(state: RewrapRun['state']): RewrapRun {
    return {
      state,
      targetKekVersion: this.settings.keks.active.version,
      startedAt: null,
      finishedAt: null,
      rewrapped: 0,
      failures: [],
    };
  }
}
