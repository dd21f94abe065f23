import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { TenantScope } from '@carebus/persistence';
import { publicKeyObject } from '../enrolment/device-public-key';
import type { DeviceIdentity } from './device';
import { DeviceSignals } from './device-signals';
import { DevicesRepository } from './devices.repository';

/** How long a looked-up identity is reused; a removal clears it at once (DeviceSignals). */
const CACHE_MS = 1_000;

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

  constructor(
    private readonly tenant: TenantScope,
    private readonly devices: DevicesRepository,
    signals: DeviceSignals,
  ) {
    this.unsubscribe = signals.on('removed', (id) => this.cache.delete(id));
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  async lookup(deviceId: string): Promise<KnownDevice | null> {
    const now = Date.now();
    const hit = this.cache.get(deviceId);
    if (hit && hit.until > now) return hit.device;
    const identity = await this.tenant.withoutTenant((tx) => this.devices.identity(tx, deviceId));
    const device = identity ? { ...identity, key: publicKeyObject(identity.publicKey) } : null;
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(deviceId, { device, until: now + CACHE_MS });
    return device;
  }

  forget(deviceId: string): void {
    this.cache.delete(deviceId);
  }
}
