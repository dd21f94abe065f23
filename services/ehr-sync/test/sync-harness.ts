import type { RunningEhrSimulator } from '@carebus/ehr-simulator';
import { waitFor } from '@carebus/testing';
import type { VaultHarness } from './key-vault-harness';
import { newSek } from './key-vault-harness';

export interface RunSeen {
  id: string;
  token: string;
  kind: string;
  state: string;
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  skipped: number;
  errorCode: string | null;
  takenOverFrom: string | null;
}

export const connectionsPath = (clinicId: string) => `/v1/clinics/${clinicId}/ehr-connections`;

/** The body that connects to the simulator in one of its styles. */
export function connectionBody(sim: RunningEhrSimulator, style: 'fhir_r4' | 'vendor') {
  return style === 'fhir_r4'
    ? {
        style,
        baseUrl: sim.fhirUrl,
        credentials: {
          clientId: sim.credentials.fhir.clientId,
          clientSecret: sim.credentials.fhir.clientSecret,
        },
      }
    : {
        style,
        baseUrl: sim.vendorUrl,
        credentials: {
          username: sim.credentials.vendor.username,
          activationCode: sim.credentials.vendor.activationCode,
        },
      };
}

/** Stores the clinic's key and connects it to the simulator, its first full sync due now; answers the connection id. */
export async function connectClinic(
  h: VaultHarness,
  sim: RunningEhrSimulator,
  clinicId: string,
  admin: string,
  style: 'fhir_r4' | 'vendor',
): Promise<string> {
  const key = await h.call('POST', `/v1/clinics/${clinicId}/key-vault`, admin, { key: newSek() });
  if (key.status !== 201 && key.status !== 409) throw new Error(`key: ${key.status}`);
  const created = await h.call<{ id: string }>(
    'POST',
    connectionsPath(clinicId),
    admin,
    connectionBody(sim, style),
  );
  if (created.status !== 201) throw new Error(`connect: ${created.status} ${JSON.stringify(created.body)}`);
  // As if the ten minutes before a new connection's first full sync had passed.
  await h.sql.query(`UPDATE ehr_sync.sync_schedules SET full_due_at = now() WHERE connection_id = $1`, [
    created.body.id,
  ]);
  return created.body.id;
}

/** The connection's ledger, newest first. */
export async function ledger(h: VaultHarness, clinicId: string, connectionId: string, admin: string) {
  const r = await h.call<{ items: RunSeen[] }>(
    'GET',
    `${connectionsPath(clinicId)}/${connectionId}/sync-runs?limit=100`,
    admin,
  );
  if (r.status !== 200) throw new Error(`ledger: ${r.status}`);
  return r.body.items;
}

const ENDED = ['succeeded', 'partially_succeeded', 'failed'];

/** Waits until the ledger has `count` ended runs; answers them, oldest first. */
export async function endedRuns(
  h: VaultHarness,
  clinicId: string,
  connectionId: string,
  admin: string,
  count: number,
  timeoutMs = 120_000,
): Promise<RunSeen[]> {
  return waitFor(
    async () => {
      const ended = (await ledger(h, clinicId, connectionId, admin)).filter((r) => ENDED.includes(r.state));
      return ended.length >= count && ended.reverse();
    },
    { timeoutMs, intervalMs: 250, what: `${count} ended sync runs` },
  );
}
