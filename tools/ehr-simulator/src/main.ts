import { parseArgs } from 'node:util';
import { startEhrSimulator } from './ehr-simulator';

/**
 * `node tools/ehr-simulator/dist/main.js [--host 127.0.0.1] [--port 8090] [--seed carebus]
 * [--practitioners 5] [--patients 200] [--appointments 1000] [--admin-token t]`: a simulated EHR
 * with a FHIR R4 and a vendor API (docs/ehr-simulator.md).
 */
async function main(): Promise<void> {
  const env = process.env;
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: env.EHR_SIM_HOST ?? '127.0.0.1' },
      port: { type: 'string', default: env.EHR_SIM_PORT ?? '8090' },
      seed: { type: 'string', default: env.EHR_SIM_SEED ?? 'carebus' },
      practitioners: { type: 'string', default: '5' },
      patients: { type: 'string', default: '200' },
      appointments: { type: 'string', default: '1000' },
      'admin-token': { type: 'string', default: env.EHR_SIM_ADMIN_TOKEN },
    },
  });
  const started = performance.now();
  const sim = await startEhrSimulator({
    host: values.host,
    port: Number(values.port),
    seed: values.seed,
    practitioners: Number(values.practitioners),
    patients: Number(values.patients),
    appointments: Number(values.appointments),
    ...(values['admin-token'] ? { adminToken: values['admin-token'] } : {}),
  });
  const ms = (performance.now() - started).toFixed(1);
  const rss = (process.memoryUsage().rss / 1048576).toFixed(1);
  process.stdout.write(
    `ehr-simulator: FHIR ${sim.fhirUrl}, vendor ${sim.vendorUrl}, admin token ${sim.adminToken} (started in ${ms} ms, RSS ${rss} MiB)\n`,
  );
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
