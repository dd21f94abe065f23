import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from '@carebus/testing';

/**
 * The built device-registry main.js as a child process; ready once /health/ready answers 200.
 * Readiness may take a while on a loaded machine (migrations ran before; Kafka and the gRPC port
 * come up here), so it waits up to two minutes, failing at once if the process exits.
 */
export class RegistryProcess {
  output = '';
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout!.on('data', (c: Buffer) => (this.output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (this.output += c.toString()));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async start(main: string, port: number, env: Record<string, string>): Promise<RegistryProcess> {
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH, HTTP_PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new RegistryProcess(child, `http://127.0.0.1:${port}`);
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error('exited');
        return (await fetch(`${service.url}/health/ready`)).ok;
      },
      { what: 'device-registry ready', timeoutMs: 120_000, intervalMs: 250 },
    ).catch((error: Error) => {
      child.kill('SIGKILL');
      throw new Error(`${error.message}; its output ends with:\n${service.output.slice(-3000)}`);
    });
    return service;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}
