import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditTrail } from '@carebus/audit';
import { Outbox } from '@carebus/outbox';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { deviceNotFound, idempotencyConflict } from '../device-registry.errors';
import type { DeviceActor } from '../devices/device-access';
import { DeviceSignals } from '../devices/device-signals';
import { DEVICE_SETTINGS, type DeviceSettings } from '../devices/device-settings';
import { DevicesRepository } from '../devices/devices.repository';
import { assertMaySend, commandEntry } from './command-access';
import { commandCreatedEvent } from './command-events';
import { CommandSeal } from './command-seal';
import { CommandsRepository } from './commands.repository';
import { COMPONENT_OF, type CommandRequest, type DeviceCommand } from './device-command';

/** Longest deadline a sender may ask for. */
export const MAX_DEADLINE_MS = 24 * 3600_000;

export interface SendCommand {
  actor: DeviceActor;
  deviceId: string;
  idempotencyId: string;
  request: CommandRequest;
  deadlineMs?: number;
  /** The workstation the sender proved to sit at (Carebus-Computer), if any. */
  computer: string | null;
}

/**
 * Queues a command for a device: sealed request, CommandCreated and (for a patient lookup) the
 * audit row commit together; the replica holding the device's stream is told on commit. The same
 * idempotency id for the same device answers the command it created first.
 */
@Injectable()
export class SendCommandUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly devices: DevicesRepository,
    private readonly commands: CommandsRepository,
    private readonly seal: CommandSeal,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly signals: DeviceSignals,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEVICE_SETTINGS) private readonly settings: DeviceSettings,
  ) {}

  async execute(cmd: SendCommand): Promise<{ command: DeviceCommand; replayed: boolean }> {
    const { actor } = cmd;
    const sent = await this.tenant.withTenant(actor.clinicId, async (tx) => {
      const device = await this.devices.find(tx, cmd.deviceId);
      if (!device || device.state === 'removed') throw deviceNotFound();
      assertMaySend(actor, device, cmd.request.kind, cmd.computer);
      const earlier = await this.commands.findByIdempotency(tx, device.id, cmd.idempotencyId);
      if (earlier) {
        if (earlier.kind !== cmd.request.kind || earlier.requestedBy !== actor.principal.subject) {
          throw idempotencyConflict();
        }
        return { command: earlier, replayed: true };
      }
      const now = this.clock.now();
      const id = randomUUID();
      const deadlineMs = Math.min(cmd.deadlineMs ?? this.settings.commandDeadlineMs, MAX_DEADLINE_MS);
      const command: DeviceCommand = {
        id,
        clinicId: actor.clinicId,
        deviceId: device.id,
        kind: cmd.request.kind,
        component: COMPONENT_OF[cmd.request.kind],
        idempotencyId: cmd.idempotencyId,
        status: 'created',
        sealedRequest: this.seal.sealRequest({ id, clinicId: actor.clinicId }, cmd.request),
        patientId: cmd.request.kind === 'patient_lookup' ? cmd.request.patientLookup.patientId : null,
        requestedBy: actor.principal.subject,
        createdAt: now,
        deadline: new Date(now.getTime() + deadlineMs),
        deliveryAttempts: 0,
        deliveredAt: null,
        finishedAt: null,
        version: 1,
      };
      await this.commands.insert(tx, command);
      await this.outbox.add(tx, commandCreatedEvent(this.settings.commandTopic, command));
      await this.audit.record(
        tx,
        commandEntry(actor.clinicId, actor.principal, 'create', command, 'allowed'),
      );
      await this.commands.signalQueued(tx, device.id);
      return { command, replayed: false };
    });
    if (!sent.replayed) this.signals.emitLocal('command', sent.command.deviceId);
    return sent;
  }
}
