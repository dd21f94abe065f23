import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root';
import { waitFor } from './wait-for';

/** The built `main.js` of a service; the tests that run a service as a process need its build. */
export function builtServiceMain(serviceName: string): string {
  const main = join(repoRoot(), 'services', serviceName, 'dist/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  return main;
}

/**
 * A service's built `main.js` as its own process, as it runs in production: everything it writes
 * to stdout and stderr is kept in `output`, and `stop()` sends SIGTERM and answers its exit code.
 */
export class ServiceProcess {
  private output_ = '';
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout!.on('data', (chunk: Buffer) => (this.output_ += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output_ += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', resolve));
  }

  /** The process id (e.g. to read its memory from /proc/<pid>/status). */
  get pid(): number {
    return this.child.pid!;
  }

  /** Everything the process wrote so far, stdout and stderr interleaved as they arrived. */
  get output(): string {
    return this.output_;
  }

  /** Starts `main` with only `env` (and PATH) and waits until `/health/ready` answers 200. */
  static async start(
    main: string,
    port: number,
    env: Record<string, string | undefined>,
  ): Promise<ServiceProcess> {
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH, HTTP_PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(child, `http://127.0.0.1:${port}`);
    // A process that exits at start (e.g. its port is taken) fails at once, with its output. A
    // service joins its consumer groups before it listens, which on two busy cores can take well
    // over half a minute (CAREBUS_TEST_READY_TIMEOUT_MS overrides the 90 s).
    const state = await waitFor(
      async () =>
        child.exitCode !== null || child.signalCode !== null
          ? 'exited'
          : (await fetch(`${service.url}/health/ready`)).ok && 'ready',
      { what: 'the process ready', timeoutMs: Number(process.env.CAREBUS_TEST_READY_TIMEOUT_MS ?? 90_000) },
    ).catch((error: Error) => {
      child.kill('SIGKILL');
      throw new Error(`${error.message}; its errors:\n${errorLines(service.output)}`);
    });
    if (state === 'exited') {
      throw new Error(`the process exited before it was ready; its errors:\n${errorLines(service.output)}`);
    }
    return service;
  }

  /** Kills it without warning (SIGKILL: no shutdown hooks run), as a crash would; resolves once it is gone. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, then the exit code once it is gone (null when a signal ended it). */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}

/** The last lines of a process's output worth reading when it failed: pino errors and non-JSON lines. */
export function errorLines(logs: string): string {
  const worth = logs.split('\n').filter((line) => {
    if (line.trim() === '') return false;
    try {
      return (JSON.parse(line) as { level?: number }).level! >= 50;
    } catch {
      return true;
    }
  });
  return worth.slice(-10).join('\n');
}
