import type { ContainerInfra } from '../container-infra';

/** Stops containers started by the global setup; local processes stay up for the next run. */
export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as Record<string, unknown>).__carebusInfra as ContainerInfra | undefined;
  await infra?.stop();
}
