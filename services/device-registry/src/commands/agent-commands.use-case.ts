import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { Outbox } from '@carebus/outbox';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import type { AgentCaller } from '../agent-grpc/device-authenticator';
import { commandUnknown, idempotencyMismatch, invalidRequest } from '../device-registry.errors';
import { DEVICE_SETTINGS, type DeviceSettings } from '../devices/device-settings';
import { commandEntry, deviceActor } from './command-access';
import {
  commandCompletedEvent,
  commandDeliveredEvent,
  commandExpiredEvent,
  commandFailedEvent,
} from './command-events';
import { CommandSeal } from './command-seal';
import { CommandsRepository } from './commands.repository';
import type { CommandRequest, CommandResultBody, CommandStatusName, DeviceCommand } from './device-command';

/** A command on its way to the agent, with its request opened. */
export interface OutgoingCommand {
  command: DeviceCommand;
  request: CommandRequest;
}

export interface AgentReport {
  commandId: string;
  idempotencyId: string;
  outcome: 'completed' | 'failed';
  errorCode: string;
  errorMessage: string;
  finishedAt: Date | null;
  result: CommandResultBody | null;
}

/**
 * The agent's side of the queue: a device sees only its own commands (another's answer like
 * unknown ones). Every change of a command and its event commit together; the result table's
 * primary key keeps exactly one result per command.
 */
@Injectable()
export class AgentCommandsUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly commands: CommandsRepository,
    private readonly seal: CommandSeal,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEVICE_SETTINGS) private readonly settings: DeviceSettings,
  ) {}

  /**
   * The device's unacknowledged commands and those delivered without a result for longer than the
   * redelivery delay, each counted as delivered once more.
   */
  async takeUnacknowledged(
    caller: AgentCaller,
    limit = 100,
    exclude: string[] = [],
  ): Promise<OutgoingCommand[]> {
    return this.tenant.withTenant(caller.clinicId, async (tx) => {
      const now = this.clock.now();
      const taken = await this.commands.takeUnacknowledged(
        tx,
        caller.deviceId,
        now,
        new Date(now.getTime() - this.settings.commandRedeliveryMs),
        limit,
        exclude,
      );
      const withPatients = taken.filter((c) => c.patientId !== null);
      if (withPatients.length > 0) {
        await this.audit.recordMany(
          tx,
          withPatients.map((c) =>
            commandEntry(caller.clinicId, deviceActor(caller.deviceId), 'deliver', c, 'allowed'),
          ),
        );
      }
      return taken.map((command) => ({ command, request: this.seal.openRequest(command) }));
    });
  }

  async acknowledge(caller: AgentCaller, commandId: string): Promise<CommandStatusName> {
    return this.tenant.withTenant(caller.clinicId, async (tx) => {
      const command = await this.commands.find(tx, commandId, true);
      if (!command || command.deviceId !== caller.deviceId) throw commandUnknown();
      if (command.status !== 'created') return command.status;
      const now = this.clock.now();
      if (command.deadline <= now) {
        const version = await this.commands.finish(tx, command.id, 'expired', now);
        await this.outbox.add(tx, commandExpiredEvent(this.settings.commandTopic, command, now, version));
        return 'expired';
      }
      const delivered = await this.commands.markDelivered(tx, command.id, now);
      if (!delivered) return command.status;
      await this.outbox.add(tx, commandDeliveredEvent(this.settings.commandTopic, delivered, now));
      return 'delivered';
    });
  }

  async report(
    caller: AgentCaller,
    report: AgentReport,
  ): Promise<{ recorded: boolean; status: CommandStatusName }> {
    return this.tenant.withTenant(caller.clinicId, async (tx) => {
      const command = await this.commands.find(tx, report.commandId, true);
      if (!command || command.deviceId !== caller.deviceId) throw commandUnknown();
      if (command.idempotencyId !== report.idempotencyId.toLowerCase()) throw idempotencyMismatch();
      const now = this.clock.now();
      const afterExpiry = command.status === 'expired';
      if (report.outcome === 'completed' && !matchesKind(command, report.result)) {
        throw invalidRequest('result', `must be the result of a ${command.kind} command`);
      }
      const recorded = await this.commands.insertResult(tx, {
        commandId: command.id,
        outcome: report.outcome,
        sealedResult:
          report.outcome === 'completed' && report.result
            ? this.seal.sealResult(command, report.result)
            : null,
        errorCode: report.outcome === 'failed' ? report.errorCode || 'agent.failed' : null,
        errorMessage: report.outcome === 'failed' ? report.errorMessage : null,
        finishedAt: report.finishedAt,
        recordedAt: now,
        afterExpiry,
      });
      if (!recorded) return { recorded: false, status: command.status };
      const status: CommandStatusName = afterExpiry ? 'expired' : report.outcome;
      const version = await this.commands.finish(tx, command.id, status, now);
      const topic = this.settings.commandTopic;
      if (report.outcome === 'completed') {
        const payment = report.result && 'payment' in report.result ? report.result.payment.status : null;
        await this.outbox.add(tx, commandCompletedEvent(topic, command, payment, afterExpiry, now, version));
      } else {
        await this.outbox.add(
          tx,
          commandFailedEvent(
            topic,
            command,
            report.errorCode || 'agent.failed',
            report.errorMessage,
            afterExpiry,
            now,
            version,
          ),
        );
      }
      if (command.patientId) {
        await this.audit.record(
          tx,
          commandEntry(caller.clinicId, deviceActor(caller.deviceId), 'result', command, 'allowed'),
        );
      }
      return { recorded: true, status };
    });
  }
}

function matchesKind(command: DeviceCommand, result: CommandResultBody | null): boolean {
  if (!result) return false;
  return command.kind === 'payment' ? 'payment' in result : 'patientLookup' in result;
}
