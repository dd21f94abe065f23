import { dockerEngineAnswers } from '../docker-engine';
import { startContainerInfra } from '../container-infra';
import { INFRA_ENV, infraEnv } from '../infra-env';
import { startLocalInfra } from '../local-infra';
import { holdFreePorts } from './held-ports';

/**
 * Runs once per jest run before the integration project: gives every test file the same Kafka
 * and PostgreSQL. Order of preference: addresses already in the environment, testcontainers
 * when a Docker engine answers (and CAREBUS_TEST_CONTAINERS is not "off"), else local processes.
 * While the run lasts it also holds `npm start`'s default ports that are free (unless
 * CAREBUS_TEST_HOLD_PORTS is "off"): a test that binds one fails here as it would next to `npm start`.
 */
export default async function globalSetup(): Promise<void> {
  // kafkajs prints a migration notice for v2's default partitioner; Carebus always sets one explicitly.
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  if (process.env.CAREBUS_TEST_HOLD_PORTS !== 'off') {
    (globalThis as Record<string, unknown>).__carebusHeldPorts = await holdFreePorts();
  }
  if (process.env[INFRA_ENV.kafkaBrokers] && process.env[INFRA_ENV.postgresAdminUrl]) {
    process.env[INFRA_ENV.mode] ??= 'external';
    return;
  }
  const useContainers = process.env.CAREBUS_TEST_CONTAINERS !== 'off' && (await dockerEngineAnswers());
  const infra = useContainers ? await startContainerInfra() : startLocalInfra();
  if ('stop' in infra) (globalThis as Record<string, unknown>).__carebusInfra = infra;
  Object.assign(process.env, infraEnv(infra));
  process.env[INFRA_ENV.mode] = infra.mode;
}
