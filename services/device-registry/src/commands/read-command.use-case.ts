import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { TenantScope } from '@carebus/persistence';
import { commandNotFound } from '../device-registry.errors';
import type { DeviceActor } from '../devices/device-access';
import { commandEntry, mayRead } from './command-access';
import { CommandSeal } from './command-seal';
import { CommandsRepository } from './commands.repository';
import type { CommandRequest, CommandResultBody, CommandResultRecord, DeviceCommand } from './device-command';

export interface CommandView {
  command: DeviceCommand;
  request: CommandRequest;
  result: (CommandResultRecord & { body: CommandResultBody | null }) | null;
}

/**
 * A command's status and, once reported, its result. A patient lookup's request and result are
 * patient data: only its sender reads them, and every read is audited. Commands the caller may
 * not read answer like unknown ones.
 */
@Injectable()
export class ReadCommandUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly commands: CommandsRepository,
    private readonly seal: CommandSeal,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: DeviceActor, id: string): Promise<CommandView> {
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const command = await this.commands.find(tx, id);
      if (!command || !mayRead(actor, command)) throw commandNotFound();
      const stored = await this.commands.result(tx, id);
      if (command.patientId) {
        await this.audit.record(
          tx,
          commandEntry(actor.clinicId, actor.principal, 'read', command, 'allowed'),
        );
      }
      return {
        command,
        request: this.seal.openRequest(command),
        result: stored
          ? {
              ...stored,
              body: stored.sealedResult ? this.seal.openResult(command, stored.sealedResult) : null,
            }
          : null,
      };
    });
  }
}
