import { randomBytes } from 'node:crypto';
import { startEhrSimulator, type RunningEhrSimulator } from '@carebus/ehr-simulator';
import { newClinicId, requestJson, type FuzzWorld, type TestService } from '@carebus/testing';

let simulator: Promise<RunningEhrSimulator> | undefined;

/** One EHR simulator for the fuzz suite; `closeFuzzSimulator` in its afterAll. */
function fuzzSimulator(): Promise<RunningEhrSimulator> {
  simulator ??= startEhrSimulator({ port: 0, seed: 'fuzz', practitioners: 2, patients: 5, appointments: 5 });
  return simulator;
}

export async function closeFuzzSimulator(): Promise<void> {
  const running = simulator;
  simulator = undefined;
  if (running) await (await running).close();
}

/**
 * A clinic with a stored key and an FHIR connection to the simulator, and well-formed values so
 * fuzzed bodies can reach the database and the EHR: the base URL is always the simulator's (a
 * fuzzed URL must never send the service to an arbitrary host), its credentials the right ones.
 */
export async function ehrSyncFuzzWorld(svc: TestService): Promise<FuzzWorld> {
  const clinicId = newClinicId();
  const token = await svc.issuer.mint({ sub: 'fuzz-admin', clinicId, roles: ['clinic_admin'] });
  const key = () => randomBytes(32).toString('base64');
  const stored = await requestJson(svc.url, 'POST', `/v1/clinics/${clinicId}/key-vault`, token, {
    key: key(),
  });
  if (stored.status !== 201) throw new Error(`seeding the key answered ${stored.status}`);
  const sim = await fuzzSimulator();
  const { clientId, clientSecret } = sim.credentials.fhir;
  const connection = await requestJson(svc.url, 'POST', `/v1/clinics/${clinicId}/ehr-connections`, token, {
    style: 'fhir_r4',
    baseUrl: sim.fhirUrl,
    credentials: { clientId, clientSecret },
  });
  if (connection.status !== 201) throw new Error(`seeding a connection answered ${connection.status}`);
  const connectionId = connection.body.id as string;
  return {
    clinicId,
    known: {
      ids: [clinicId, connectionId],
      byName: {
        clinicId: [clinicId],
        id: [connectionId],
        key: [key(), key()],
        style: ['fhir_r4'],
        baseUrl: [sim.fhirUrl],
        clientId: [clientId],
        clientSecret: [clientSecret, 'not-the-secret'],
        providerIds: ['prov-1'],
      },
    },
  };
}
