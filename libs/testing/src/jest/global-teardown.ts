import type { ContainerInfra } from '../container-infra';
import type { HeldPorts } from './held-ports';

/** Stops containers started by the global setup and frees the ports it held; local processes stay up for the next run. */
export default async function globalTeardown(): Promise<void> {
  const state = globalThis as Record<string, unknown>;
  await (state.__carebusHeldPorts as HeldPorts | undefined)?.release();
  const infra = state.__carebusInfra as ContainerInfra | undefined;
  await infra?.stop();
}
