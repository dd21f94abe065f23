import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { repoRoot, waitFor } from '@carebus/testing';

/** The built CLI; tests that run agents as processes need `npm run build` first. */
export function builtAgentMain(): string {
  const main = join(repoRoot(), 'tools/carebus-agent/dist/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  return main;
}

/** Runs `carebus-agent enrol …` as a process and answers what it printed (the device id). */
export function enrolByCli(args: {
  code: string;
  kind: 'workstation' | 'clinic-device';
  api: string;
  stateDir: string;
  hostname?: string;
  machineId?: string;
}): Promise<{ deviceId: string; clinicId: string; exitCode: number | null; output: string }> {
  const argv = [
    'enrol',
    '--code',
    args.code,
    '--kind',
    args.kind,
    '--api',
    args.api,
    '--state-dir',
    args.stateDir,
  ];
  if (args.hostname) argv.push('--hostname', args.hostname);
  if (args.machineId) argv.push('--machine-id', args.machineId);
  const child = spawn(process.execPath, [builtAgentMain(), ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) =>
    child.once('exit', (exitCode) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      const parsed =
        exitCode === 0 ? (JSON.parse(line) as { deviceId: string; clinicId: string }) : undefined;
      resolve({
        deviceId: parsed?.deviceId ?? '',
        clinicId: parsed?.clinicId ?? '',
        exitCode,
        output: stdout + stderr,
      });
    }),
  );
}

/** One `carebus-agent run` process; it can be SIGTERMed, kill -9'd and started again on the same state dir. */
export class AgentProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);
  output = '';
  starts = 0;
  /** Where the output of the latest start begins. */
  private startedAt = 0;

  constructor(
    readonly stateDir: string,
    private readonly args: string[],
    private readonly env: Record<string, string> = {},
  ) {}

  start(): this {
    const child = spawn(
      process.execPath,
      [builtAgentMain(), 'run', '--state-dir', this.stateDir, ...this.args],
      {
        env: { ...process.env, ...this.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.on('data', (c: Buffer) => (this.output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (this.output += c.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    this.child = child;
    this.starts += 1;
    this.startedAt = this.output.length;
    return this;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits until the process of the latest start has a session with the registry. */
  async connected(timeoutMs = 20_000): Promise<void> {
    await waitFor(
      () => {
        if (!this.running) throw new Error('the agent exited');
        return this.output.slice(this.startedAt).includes('"msg":"connected"');
      },
      {
        what: 'the agent connected',
        timeoutMs,
      },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; its output ends with:\n${this.output.slice(-3000)}`);
    });
  }

  countLines(msg: string): number {
    return this.output.split('\n').filter((line) => line.includes(`"msg":"${msg}"`)).length;
  }

  /** SIGTERM; answers the exit code. */
  async stop(): Promise<number | null> {
    if (this.running) this.child!.kill('SIGTERM');
    return this.exited;
  }

  /** kill -9: no chance to finish anything. */
  async kill9(): Promise<void> {
    if (this.running) this.child!.kill('SIGKILL');
    await this.exited;
  }
}

/** The agent's execution log and result outbox, read from its SQLite file (also while it runs). */
export function readAgentState(stateDir: string): {
  executions: {
    idempotencyId: string;
    commandId: string;
    executions: number;
    deliveries: number;
    outcome: string;
  }[];
  pendingResults: number;
} {
  const db = new DatabaseSync(join(stateDir, 'agent.sqlite'), { readOnly: true });
  try {
    const executions = db
      .prepare(
        `SELECT idempotency_id AS idempotencyId, command_id AS commandId, executions, deliveries, outcome FROM execution_log`,
      )
      .all() as never;
    const pending = db
      .prepare('SELECT count(*) AS n FROM result_outbox WHERE acknowledged_at IS NULL')
      .get() as {
      n: number;
    };
    return { executions, pendingResults: pending.n };
  } finally {
    db.close();
  }
}
