import { Injectable } from '@nestjs/common';
import { TenantScope, type Page, type PageRequest } from '@carebus/persistence';
import { deviceNotFound } from '../device-registry.errors';
import type { DeviceActor } from './device-access';
import type { Device } from './device';
import { DevicesRepository } from './devices.repository';

/** Which list: every live device, or split by the computer the caller is at. */
export type DeviceView =
  { kind: 'all' } | { kind: 'this_computer'; computer: Device } | { kind: 'other'; computer: Device };

/**
 * Every clinic user reads the clinic's devices (names, kinds, status): they name computers and
 * integrations, not patients. Another clinic's ids answer like unknown ones.
 */
@Injectable()
export class ReadDevicesUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly devices: DevicesRepository,
  ) {}

  list(actor: DeviceActor, view: DeviceView, needsName: boolean, page: PageRequest): Promise<Page<Device>> {
    const filter = {
      ...(view.kind === 'this_computer' ? { onComputer: view.computer.machineId } : {}),
      ...(view.kind === 'other' ? { notOnComputer: view.computer.machineId } : {}),
      ...(needsName ? { state: 'needs_name' as const } : {}),
    };
    return this.tenant.withTenant(actor.clinicId, (tx) => this.devices.list(tx, filter, page));
  }

  async read(actor: DeviceActor, id: string): Promise<Device> {
    const device = await this.tenant.withTenant(actor.clinicId, (tx) => this.devices.find(tx, id));
    if (!device || device.state === 'removed') throw deviceNotFound();
    return device;
  }
}
