import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { attachmentKeyUnavailable } from './attachment.errors';
import { ATTACHMENT_SETTINGS, type AttachmentSettings } from './attachment-settings';
import { AttachmentKeysRepository } from './attachment-keys.repository';
import { unwrapDataKey, wrapDataKey, type StoredDataKey } from './data-key-envelope';

interface Cached {
  keyId: string;
  dataKey: Buffer;
  until: number;
}

/**
 * Each clinic's attachment data key: created (and wrapped under the active KEK) on the clinic's
 * first upload, unwrapped when needed and kept in memory for a bounded time. A key that does not
 * unwrap (unknown KEK version, changed row) is refused with 422, never replaced by a new one.
 */
@Injectable()
export class AttachmentKeyring {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly keys: AttachmentKeysRepository,
    @Inject(ATTACHMENT_SETTINGS) private readonly settings: AttachmentSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The clinic's key for a new upload, created on first use. */
  async forUpload(tx: Tx): Promise<{ keyId: string; dataKey: Buffer }> {
    const stored = (await this.keys.find(tx)) ?? (await this.create(tx));
    return { keyId: stored.keyId, dataKey: this.unwrapped(tx.clinicId, stored) };
  }

  /** The clinic's key `keyId` for reading what was stored under it. */
  async forRead(tx: Tx, keyId: string): Promise<Buffer> {
    const cached = this.cached(tx.clinicId, keyId);
    if (cached) return cached;
    const stored = await this.keys.find(tx);
    if (!stored || stored.keyId !== keyId) throw attachmentKeyUnavailable();
    return this.unwrapped(tx.clinicId, stored);
  }

  private async create(tx: Tx): Promise<StoredDataKey> {
    const dataKey = randomBytes(32);
    const wrapped = wrapDataKey(this.settings.keks.active, tx.clinicId, randomUUID(), dataKey);
    dataKey.fill(0);
    return this.keys.insertOrFind(tx, wrapped, this.clock.now());
  }

  private unwrapped(clinicId: string, stored: StoredDataKey): Buffer {
    const cached = this.cached(clinicId, stored.keyId);
    if (cached) return cached;
    const kek = this.settings.keks.get(stored.kekVersion);
    const dataKey = kek ? unwrapDataKey(kek, clinicId, stored) : undefined;
    if (!dataKey) throw attachmentKeyUnavailable();
    const until = this.clock.now().getTime() + this.settings.keyCacheMs;
    this.cache.set(clinicId, { keyId: stored.keyId, dataKey, until });
    return dataKey;
  }

  private cached(clinicId: string, keyId: string): Buffer | undefined {
    const entry = this.cache.get(clinicId);
    if (!entry) return undefined;
    if (entry.keyId === keyId && entry.until > this.clock.now().getTime()) return entry.dataKey;
    this.cache.delete(clinicId);
    return undefined;
  }
}
