import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@carebus/testing';
import type { RunningService } from '../service-process';

/**
 * The built device-registry as its own process: migrate.js as the schema owner, then main.js;
 * resolves once /health/ready answers 200. The pid is for RSS and CPU readings.
 */
export async function runDeviceRegistry(env: Record<string, string>): Promise<RunningService> {
  const dist = join(repoRoot(), 'services/device-registry/dist');
  const childEnv = { ...process.env, ...env };
  const migrated = spawnSync(process.execPath, [join(dist, 'migrate.js')], {
    env: childEnv,
    stdio: 'inherit',
  });
  if (migrated.status !== 0) throw new Error(`device-registry migrations failed (exit ${migrated.status})`);
  // DEVICE_REGISTRY_BENCH_NODE_FLAGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, profiles the service.
  const flags = (process.env.DEVICE_REGISTRY_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...flags, join(dist, 'main.js')], {
    env: childEnv,
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
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error('device-registry did not become ready');
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
