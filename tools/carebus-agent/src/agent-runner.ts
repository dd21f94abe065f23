import { status as GrpcStatus, type ClientReadableStream } from '@grpc/grpc-js';
import type { AgentLog } from './agent-log';
import { AGENT_VERSION } from './agent-version';
import { Backoff } from './backoff';
import type { CommandExecutor } from './command-executor';
import type { CommandInbox } from './command-inbox';
import type { ComponentStatus } from './components/component-status';
import type { DeviceCommand } from './device-command';
import { RegistryError, toRegistryError, type RegistryClient } from './registry-client';
import type { ResultReporter } from './result-reporter';
import {
  durationMs,
  fromWireCommand,
  toTimestamp,
  toWireComponent,
  type WireCommand,
  type WireTimestamp,
} from './wire-mapping';

export interface AgentRunnerOptions {
  client: RegistryClient;
  executor: CommandExecutor;
  inbox: CommandInbox;
  reporter: ResultReporter;
  statuses: () => ComponentStatus[];
  log: AgentLog;
  /** Heartbeat period; the registry's interval when not set. */
  heartbeatMs?: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Longest wait for the command being executed when stopping. */
  drainTimeoutMs?: number;
}

/** Exit code when the registry no longer knows the device (removed): the agent must be enrolled again. */
export const EXIT_DEVICE_GONE = 3;

/**
 * Keeps one session with the registry alive: heartbeats on a timer, the command stream, the
 * result outbox drained after every command and every heartbeat. A session that breaks is
 * replaced after a backoff; commands are executed one at a time in arrival order.
 */
export class AgentRunner {
  exitCode = 0;
  private stopping = false;
  private generation = 0;
  private stream?: ClientReadableStream<{ command: unknown }>;
  private wake?: () => void;
  private queue: Promise<void> = Promise.resolve();
  private readonly backoff: Backoff;

  constructor(private readonly options: AgentRunnerOptions) {
    this.backoff = new Backoff(options.backoffBaseMs, options.backoffMaxMs);
  }

  async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.session();
      } catch (error) {
        const refusal = toRegistryError(error);
        if (refusal instanceof RegistryError && refusal.deviceGone) {
          this.options.log.error('the registry refuses this device; enrol it again', { code: refusal.code });
          this.exitCode = EXIT_DEVICE_GONE;
          break;
        }
        if (!this.stopping)
          this.options.log.warn('disconnected', {
            code: refusal instanceof RegistryError ? refusal.code : refusal.message,
          });
      }
      if (!this.stopping) await this.pause(this.backoff.next());
    }
    await this.shutdown();
  }

  /** Graceful stop (SIGTERM): no new commands, the one running finishes and its result is reported when possible. */
  stop(): void {
    this.stopping = true;
    this.stream?.cancel();
    this.wake?.();
  }

  private async session(): Promise<void> {
    const generation = ++this.generation;
    const intervalMs = await this.heartbeat();
    this.backoff.reset();
    await this.options.reporter.drain();
    if (this.stopping) return; // stopped during the first heartbeat: no stream to open
    const stream = await this.options.client.receiveCommands(
      this.options.statuses().map((status) => status.name),
    );
    this.stream = stream;
    const leftOver = this.options.inbox.pending();
    this.options.log.info('connected', { heartbeatMs: intervalMs, leftOver: leftOver.length });
    await new Promise<void>((resolve, reject) => {
      const fail = (error: unknown) => {
        clearInterval(timer);
        stream.cancel();
        reject(error);
      };
      // Received (perhaps acknowledged) before a crash or a broken session, never run: first.
      for (const command of leftOver) this.enqueue(generation, command, fail);
      const timer = setInterval(() => {
        this.heartbeat()
          .then(() => this.options.reporter.drain())
          .catch(fail);
      }, intervalMs);
      stream.on('data', (message: { command: WireCommand }) =>
        this.enqueue(generation, fromWireCommand(message.command), fail),
      );
      stream.on('error', (error: { code?: number }) => {
        clearInterval(timer);
        if (this.stopping && error.code === GrpcStatus.CANCELLED) resolve();
        else reject(error);
      });
      stream.on('end', () => {
        clearInterval(timer);
        resolve();
      });
      // Stopped while the stream was being opened: stop() found no stream to cancel.
      if (this.stopping) stream.cancel();
    });
  }

  private async heartbeat(): Promise<number> {
    const response = await this.options.client.heartbeat<{
      heartbeatInterval?: WireTimestamp;
      state: string;
      name: string;
    }>({
      agentVersion: AGENT_VERSION,
      components: this.options.statuses().map(toWireComponent),
      sentAt: toTimestamp(new Date()),
    });
    return this.options.heartbeatMs ?? durationMs(response.heartbeatInterval) ?? 10_000;
  }

  private enqueue(generation: number, command: DeviceCommand, fail: (error: unknown) => void): void {
    this.queue = this.queue
      .then(() => (generation === this.generation && !this.stopping ? this.handle(command) : undefined))
      .catch((error: unknown) => {
        if (generation === this.generation) fail(error);
      });
  }

  private async handle(command: DeviceCommand): Promise<void> {
    const log = this.options.log.child({ commandId: command.commandId });
    if (command.deadline && command.deadline.getTime() <= Date.now()) {
      log.info('command past its deadline; not started');
      this.options.inbox.remove(command.commandId);
      return;
    }
    this.options.inbox.add(command);
    const status = await this.options.client.acknowledge(command.commandId);
    if (status !== 'COMMAND_STATUS_DELIVERED') {
      log.info('command not to be executed', { status });
      this.options.inbox.remove(command.commandId);
      await this.options.reporter.drain();
      return;
    }
    const result = await this.options.executor.execute(command);
    log.info('command executed', { kind: command.kind, outcome: result.outcome });
    // Reported in the background: the next command need not wait for this round trip. A failed
    // report stays in the outbox for the next drain (after the next heartbeat or reconnect).
    this.options.reporter
      .drain()
      .catch((error: unknown) =>
        log.warn('report failed; kept in the outbox', { error: toRegistryError(error).message }),
      );
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async shutdown(): Promise<void> {
    const limit = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
    await Promise.race([this.queue, limit(this.options.drainTimeoutMs ?? 10_000)]);
    await Promise.race([this.options.reporter.drain().catch(() => 0), limit(3_000)]);
    this.options.client.close();
    this.options.log.info('stopped');
  }
}
