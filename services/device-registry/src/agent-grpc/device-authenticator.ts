import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@carebus/platform';
import { deviceRemoved, deviceUnknown } from '../device-registry.errors';
import type { DeviceIdentity } from '../devices/device';
import { DeviceKeys } from '../devices/device-keys';
import { claimedDeviceId, deviceJwsOf, verifyDeviceJws } from './device-token';

/** Who is calling over the agent protocol: a verified, live device. */
export type AgentCaller = Omit<DeviceIdentity, 'publicKey'>;

/**
 * Checks `authorization: Device <jws>` against the enrolled public key of the device it names;
 * a removed device is `devices.device_removed` from the moment its removal commits.
 */
@Injectable()
export class DeviceAuthenticator {
  constructor(
    private readonly keys: DeviceKeys,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async authenticate(authorization: string | undefined): Promise<AgentCaller> {
    const jws = deviceJwsOf(authorization);
    const deviceId = claimedDeviceId(jws);
    const device = await this.keys.lookup(deviceId);
    if (!device) throw deviceUnknown();
    await verifyDeviceJws(jws, device.key, deviceId, this.clock.now());
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
