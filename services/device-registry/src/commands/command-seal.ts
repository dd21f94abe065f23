import { Inject, Injectable } from '@nestjs/common';
import { DEVICE_SETTINGS, type DeviceSettings } from '../devices/device-settings';
import type { CommandRequest, CommandResultBody, DeviceCommand } from './device-command';
import { PayloadSeal } from './payload-seal';

/** Seals and opens one command's request and result under the service's seal key. */
@Injectable()
export class CommandSeal {
  private readonly seal: PayloadSeal;

  constructor(@Inject(DEVICE_SETTINGS) settings: DeviceSettings) {
    this.seal = new PayloadSeal(settings.sealKey);
  }

  sealRequest(c: { id: string; clinicId: string }, request: CommandRequest): string {
    return this.seal.seal({ purpose: 'command.request', clinicId: c.clinicId, commandId: c.id }, request);
  }

  openRequest(c: DeviceCommand): CommandRequest {
    return this.seal.open(
      { purpose: 'command.request', clinicId: c.clinicId, commandId: c.id },
      c.sealedRequest,
    );
  }

  sealResult(c: DeviceCommand, result: CommandResultBody): string {
    return this.seal.seal({ purpose: 'command.result', clinicId: c.clinicId, commandId: c.id }, result);
  }

  openResult(c: DeviceCommand, sealed: string): CommandResultBody {
    return this.seal.open({ purpose: 'command.result', clinicId: c.clinicId, commandId: c.id }, sealed);
  }
}
