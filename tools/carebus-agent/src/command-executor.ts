import type { DatabaseSync } from 'node:sqlite';
import type { Component } from './components/component';
import type { ComponentStatus } from './components/component-status';
import { failed, type CommandResult, type DeviceCommand } from './device-command';
import { CommandInbox } from './command-inbox';
import { ExecutionLog } from './execution-log';
import { inTransaction } from './local-store';
import { ResultOutbox } from './result-outbox';

/**
 * Runs a delivered command at most once per idempotency id: a logged result is returned as it
 * is; otherwise the component runs and its result enters the execution log and the result outbox
 * in one SQLite transaction, so a crash either keeps both or neither (and then the redelivery
 * runs it for the first time).
 */
export class CommandExecutor {
  private readonly log: ExecutionLog;
  private readonly outbox: ResultOutbox;
  private readonly inbox: CommandInbox;
  /** Work running now, so a redelivery during a slow run waits for it instead of running again. */
  private readonly running = new Map<string, Promise<CommandResult>>();

  constructor(
    private readonly db: DatabaseSync,
    private readonly components: Component[],
    private readonly statuses: () => ComponentStatus[],
  ) {
    this.log = new ExecutionLog(db);
    this.outbox = new ResultOutbox(db);
    this.inbox = new CommandInbox(db);
  }

  get inFlight(): number {
    return this.running.size;
  }

  async execute(command: DeviceCommand): Promise<CommandResult> {
    const running = this.running.get(command.idempotencyId);
    if (running) return running;
    const logged = inTransaction(this.db, () => {
      const result = this.log.findForDelivery(command.idempotencyId);
      // The same work under another command id (a retry the registry created) answers alike.
      if (result) {
        this.outbox.add(command, result);
        this.inbox.remove(command.commandId);
      }
      return result;
    });
    if (logged) return logged;
    const run = this.runOnce(command).finally(() => this.running.delete(command.idempotencyId));
    this.running.set(command.idempotencyId, run);
    return run;
  }

  private async runOnce(command: DeviceCommand): Promise<CommandResult> {
    const component = this.components.find((candidate) => candidate.handles(command.kind));
    const result = component
      ? await this.runOn(component, command)
      : failed('agent.unsupported_command', `this agent has no component for ${command.kind} commands`);
    inTransaction(this.db, () => {
      this.log.record(component?.name ?? 'agent', command, result);
      this.outbox.add(command, result);
      this.inbox.remove(command.commandId);
    });
    return result;
  }

  private runOn(component: Component, command: DeviceCommand): Promise<CommandResult> {
    const status = this.statuses().find((candidate) => candidate.name === component.name);
    if (status && status.state !== 'ready') {
      return Promise.resolve(
        failed(
          'component.not_ready',
          `${component.name} is ${status.state}${status.reason ? `: ${status.reason}` : ''}`,
        ),
      );
    }
    return component.run(command);
  }
}
