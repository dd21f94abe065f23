import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { TenantScope } from '@carebus/persistence';
import { publicKeyObject } from '../enrolment/device-public-key';
import type { DeviceIdentity } from './device';
import { DeviceSignals } from './device-signals';
import { DevicesRepository } from './devices.repository';

/**
 * How long a looked-up identity is reused. A removal clears it at once on every replica
 * (DeviceSignals), and so does a reconnect of the listening connection (`resync`: a removal may
 * have been missed), so the time only bounds how stale a missed signal can leave it.
 */
const CACHE_MS = 30_000;

export interface KnownDevice extends DeviceIdentity {
  key: KeyObject;
}

/**
 * The identity and public key behind a device id, for verifying its tokens and proofs. Kept for
 * a second, and dropped on every replica the moment the device is removed.
 */
@Injectable()
export class DeviceKeys implements OnModuleDestroy {
  private readonly cache = new Map<string, { device: KnownDevice | null; until: number }>();
  private readonly unsubscribe: () => void;
  /** Bumped by every removal and resync: a lookup that overlapped one is not kept. */
  private epoch = 0;

  constructor(
    private readonly tenant: TenantScope,
    private readonly devices: DevicesRepository,
    signals: DeviceSignals,
  ) {
    const removed = signals.on('removed', (id) => {
      this.epoch += 1;
      this.cache.delete(id);
    });
    const resync = signals.on('resync', () => {
      this.epoch += 1;
      this.cache.clear();
    });
    this.unsubscribe = () => {
      removed();
      resync();
    };
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  async lookup(deviceId: string): Promise<KnownDevice | null> {
    const now = Date.now();
    const hit = this.cache.get(deviceId);
    if (hit && hit.until > now) return hit.device;
    const epoch = this.epoch;
    const identity = await this.tenant.withoutTenant((tx) => this.devices.identity(tx, deviceId));
    const device = identity ? { ...identity, key: publicKeyObject(identity.publicKey) } : null;
    if (this.cache.size > 50_000) this.cache.clear();
    if (epoch === this.epoch) this.cache.set(deviceId, { device, until: now + CACHE_MS });
    return device;
  }

  forget(deviceId: string): void {
    this.cache.delete(deviceId);
  }
}
