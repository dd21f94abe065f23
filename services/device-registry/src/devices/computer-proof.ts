import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@carebus/platform';
import {
  claimedDeviceId,
  COMPUTER_PROOF_AUDIENCE,
  MAX_PROOF_LIFETIME_S,
  verifyDeviceJws,
} from '../agent-grpc/device-token';
import { computerProofInvalid } from '../device-registry.errors';
import type { DeviceActor } from './device-access';
import { DeviceKeys } from './device-keys';

/**
 * The `Carebus-Computer` header: a short-lived JWS the local workstation service signs
 * (aud `carebus-computer-proof`), proving which computer the clinic UI runs on. Answers the
 * workstation's device id; anything but a current proof of a live workstation service of the
 * caller's clinic is `devices.computer_proof_invalid`.
 */
@Injectable()
export class ComputerProof {
  constructor(
    private readonly keys: DeviceKeys,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async verify(actor: DeviceActor, proof: string): Promise<string> {
    try {
      const jws = proof.trim();
      const deviceId = claimedDeviceId(jws);
      const device = await this.keys.lookup(deviceId);
      if (!device || device.clinicId !== actor.clinicId.toLowerCase()) throw computerProofInvalid();
      if (device.state === 'removed' || device.kind !== 'workstation') throw computerProofInvalid();
      await verifyDeviceJws(
        jws,
        device.key,
        deviceId,
        this.clock.now(),
        COMPUTER_PROOF_AUDIENCE,
        MAX_PROOF_LIFETIME_S,
      );
      return deviceId;
    } catch {
      throw computerProofInvalid();
    }
  }
}
