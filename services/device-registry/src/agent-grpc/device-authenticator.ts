import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@carebus/platform';
import { deviceRemoved, deviceUnknown } from '../device-registry.errors';
import type { DeviceIdentity } from '../devices/device';
import { DeviceKeys } from '../devices/device-keys';
import { claimedDeviceId, deviceJwsOf, verifyDeviceJws } from './device-token';

/** Remembered verified tokens past this many devices are forgotten all at once. */
const MAX_REMEMBERED = 50_000;

/** Who is calling over the agent protocol: a verified, live device. */
export type AgentCaller = Omit<DeviceIdentity, 'publicKey'>;

/**
 * Checks `authorization: Device <jws>` against the enrolled public key of the device it names;
 * a removed device is `devices.device_removed` from the moment its removal commits.
 */
@Injectable()
export class DeviceAuthenticator {
  /**
   * The last token each device proved itself with, until its `exp`: an agent reuses one token
   * for many calls (heartbeats, acknowledgements), and its signature need not be verified again.
   * The device's state is still checked on every call.
   */
  private readonly verified = new Map<string, { jws: string; exp: number }>();

  constructor(
    private readonly keys: DeviceKeys,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async authenticate(authorization: string | undefined): Promise<AgentCaller> {
    const jws = deviceJwsOf(authorization);
    const deviceId = claimedDeviceId(jws);
    const device = await this.keys.lookup(deviceId);
    if (!device) throw deviceUnknown();
    const now = this.clock.now();
    const known = this.verified.get(deviceId);
    if (known?.jws !== jws || known.exp * 1000 <= now.getTime()) {
      const exp = await verifyDeviceJws(jws, device.key, deviceId, now);
      if (this.verified.size >= MAX_REMEMBERED) this.verified.clear();
      this.verified.set(deviceId, { jws, exp });
    }
    if (device.state === 'removed') throw deviceRemoved();
    return { deviceId, clinicId: device.clinicId, kind: device.kind, state: device.state };
  }

  /** Whether the device is still enrolled (streams re-check on a removal signal). */
  async isLive(deviceId: string): Promise<boolean> {
    this.keys.forget(deviceId);
    const device = await this.keys.lookup(deviceId);
    return device !== null && device.state !== 'removed';
  }
}
