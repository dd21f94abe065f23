import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@carebus/testing';

export interface RunningService {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The built scheduling service as its own process, as it runs in production: migrations first
 * (migrate.js as the schema owner), then main.js; resolves once /health/ready answers 200.
 */
export async function runScheduling(env: Record<string, string>): Promise<RunningService> {
  const dist = join(repoRoot(), 'services/scheduling/dist');
  // CAREBUS_SERVICE_NODE_OPTIONS (e.g. --cpu-prof) reaches the service only, not migrate.js.
  const childEnv = { ...process.env, ...env };
  const serviceEnv = process.env.CAREBUS_SERVICE_NODE_OPTIONS
    ? { ...childEnv, NODE_OPTIONS: process.env.CAREBUS_SERVICE_NODE_OPTIONS }
    : childEnv;
  const migrated = spawnSync(process.execPath, [join(dist, 'migrate.js')], {
    env: childEnv,
    stdio: 'inherit',
  });
  if (migrated.status !== 0) throw new Error(`scheduling migrations failed (exit ${migrated.status})`);
  const child: ChildProcess = spawn(process.execPath, [join(dist, 'main.js')], {
    env: serviceEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${env.HTTP_PORT}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('scheduling did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    pid: child.pid as number,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
