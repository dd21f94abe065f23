import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface RelayProcessEnv {
  DATABASE_URL: string;
  OUTBOX_SCHEMA: string;
  KAFKA_BROKERS: string;
  RELAY_BATCH_SIZE?: string;
  RELAY_CLAIM_SIZE?: string;
  RELAY_TIMEOUTS?: string;
  RELAY_STANDBY_RETRY_MS?: string;
  /** KAFKA_TLS, KAFKA_SASL_… (kafkaSecurityEnv). */
  [kafkaSetting: `KAFKA_${string}`]: string | undefined;
}

/** Relays as child processes of a test, so they can be killed with SIGKILL like a crashed pod. */
export class RelayProcesses {
  private readonly children = new Set<ChildProcess>();
  kills = 0;

  constructor(private readonly env: RelayProcessEnv) {}

  static script(): string {
    const script = join(__dirname, '../../dist/testing/relay-process.js');
    if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first`);
    return script;
  }

  /** `env` overrides this set's variables for this one relay (e.g. its own DATABASE_URL). */
  async start(env: Partial<RelayProcessEnv> = {}): Promise<ChildProcess> {
    const child = spawn(process.execPath, [RelayProcesses.script()], {
      env: { PATH: process.env.PATH, ...this.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('relay-started')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`relay exited early with ${code}`)));
    });
    return child;
  }

  /** SIGKILL: no shutdown hook runs, the batch in flight is cut wherever it is. */
  async kill(child: ChildProcess): Promise<void> {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.kills++;
  }

  get running(): ChildProcess[] {
    return [...this.children];
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      this.running.map(async (child) => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }),
    );
  }
}
