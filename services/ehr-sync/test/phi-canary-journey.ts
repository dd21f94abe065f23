import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startEhrSimulator } from '@carebus/ehr-simulator';
import { newClinicId, requestJson, waitFor, type CanaryRun } from '@carebus/testing';

/**
 * ehr-sync's part of the PHI canary test, with the clinic's shared encryption key as the canary:
 * stored, viewed, replaced and restored by the admin; refused to staff and to another clinic's
 * admin (with the key in their bodies); sent malformed; read after tampering; and written while
 * PostgreSQL terminates the backend or the connection is cut. Only the admin's view may show it.
 * Then EHR connections with an EHR secret as the canary (the simulator's client secret and
 * activation code): connected, rejected, refused to another clinic, de-authorised and
 * re-authenticated; no answer, log, span or event may show it.
 */
export async function ehrSyncCanaryJourney(run: CanaryRun): Promise<void> {
  const key = run.canaries.sharedKey;
  const clinicId = newClinicId();
  const path = `/v1/clinics/${clinicId}/key-vault`;
  const admin = await run.issuer.mint({ sub: `admin-${randomUUID()}`, clinicId, roles: ['clinic_admin'] });
  const staff = await run.issuer.mint({ sub: `staff-${randomUUID()}`, clinicId, roles: ['staff'] });
  const intruder = await run.issuer.mint({
    sub: `other-${randomUUID()}`,
    clinicId: newClinicId(),
    roles: ['clinic_admin'],
  });
  const api = (token: string, method: string, p: string, body?: unknown) =>
    requestJson(run.url, method, p, token, body);
  const expectStatus = async (status: number, answer: Promise<{ status: number; body: unknown }>) => {
    const a = await answer;
    if (a.status !== status)
      throw new Error(`expected ${status}, got ${a.status}: ${JSON.stringify(a.body)}`);
    return a.body as Record<string, unknown>;
  };

  await expectStatus(201, api(admin, 'POST', path, { key }));
  const viewed = await expectStatus(200, api(admin, 'POST', `${path}/view`));
  if (viewed.key !== key) throw new Error('the view did not show the stored key');
  await expectStatus(200, api(admin, 'PUT', path, { key: randomBytes(32).toString('base64') }));
  await expectStatus(200, api(admin, 'PUT', path, { key, expectedVersion: 2 }));
  await expectStatus(409, api(admin, 'PUT', path, { key, expectedVersion: 1 }));
  await expectStatus(409, api(admin, 'POST', path, { key }));
  await expectStatus(403, api(staff, 'PUT', path, { key }));
  await expectStatus(403, api(intruder, 'POST', `${path}/view`));
  await expectStatus(400, api(admin, 'PUT', path, { key: `${key}${key}` }));
  await expectStatus(400, api(admin, 'PUT', path, `{"key":"${key}`));
  await expectStatus(400, api(admin, 'PUT', path, { key, expectedVersion: key }));

  await connectionsJourney(run, clinicId, admin, intruder, expectStatus);

  await run.terminateBackendDuring('ehr_sync.shared_keys', () => api(admin, 'PUT', path, { key }));
  await run.cutDatabaseDuring('ehr_sync.shared_keys', () => api(admin, 'POST', `${path}/view`));

  const db = new Client({ connectionString: run.db.url() });
  await db.connect();
  try {
    await db.query(
      `UPDATE ehr_sync.shared_keys SET nonce = set_byte(nonce, 0, get_byte(nonce, 0) # 1) WHERE clinic_id = $1`,
      [clinicId],
    );
    await expectStatus(422, api(admin, 'POST', `${path}/view`));
    await waitFor(
      async () => (await db.query(`SELECT 1 FROM ehr_sync.outbox WHERE published_at IS NULL`)).rowCount === 0,
      { what: "the outbox relay published the run's events", timeoutMs: 20_000 },
    );
  } finally {
    await db.end();
  }
}

type ExpectStatus = (
  status: number,
  answer: Promise<{ status: number; body: unknown }>,
) => Promise<Record<string, unknown>>;

async function connectionsJourney(
  run: CanaryRun,
  clinicId: string,
  admin: string,
  intruder: string,
  expectStatus: ExpectStatus,
): Promise<void> {
  const secret = run.canaries.ehrCredential;
  const sim = await startEhrSimulator({
    port: 0,
    seed: 'canary',
    fhirClient: { clientId: 'carebus-canary', clientSecret: secret },
    vendorUser: { username: 'carebus-canary', activationCode: secret },
  });
  const api = (token: string, method: string, p: string, body?: unknown) =>
    requestJson(run.url, method, p, token, body);
  const path = `/v1/clinics/${clinicId}/ehr-connections`;
  try {
    const fhir = {
      style: 'fhir_r4',
      baseUrl: sim.fhirUrl,
      credentials: { clientId: 'carebus-canary', clientSecret: secret },
    };
    const vendor = {
      style: 'vendor',
      baseUrl: sim.vendorUrl,
      credentials: { username: 'carebus-canary', activationCode: secret },
    };
    const created = await expectStatus(201, api(admin, 'POST', path, fhir));
    const vendorConnection = await expectStatus(201, api(admin, 'POST', path, vendor));
    await expectStatus(409, api(admin, 'POST', path, vendor));
    await expectStatus(
      422,
      api(admin, 'POST', path, {
        ...vendor,
        baseUrl: `${sim.vendorUrl}/`,
        credentials: { username: secret, activationCode: `${secret}x` },
      }),
    );
    await expectStatus(
      400,
      api(admin, 'POST', path, { ...fhir, baseUrl: `https://${secret}:${secret}@ehr.example/x` }),
    );
    await expectStatus(
      400,
      api(admin, 'POST', path, {
        ...fhir,
        credentials: { ...fhir.credentials, clientSecret: secret.repeat(40) },
      }),
    );
    await expectStatus(403, api(intruder, 'POST', path, fhir));
    const id = created.id as string;
    await expectStatus(200, api(admin, 'GET', `${path}/${id}/providers`));
    sim.admin.deauthorize();
    await expectStatus(409, api(admin, 'POST', `${path}/${id}/check`));
    await expectStatus(
      422,
      api(admin, 'POST', `${path}/${id}/reauthenticate`, {
        credentials: { clientId: secret, clientSecret: 'wrong' },
      }),
    );
    await expectStatus(
      200,
      api(admin, 'POST', `${path}/${id}/reauthenticate`, { credentials: fhir.credentials }),
    );
    // A sync run over the connection signs in with the sealed secret and imports appointments.
    for (const connection of [id, vendorConnection.id as string]) {
      const requested = await expectStatus(202, api(admin, 'POST', `${path}/${connection}/sync-runs`));
      const ended = await waitFor(
        async () => {
          const r = await api(admin, 'GET', `${path}/${connection}/sync-runs/${requested.id as string}`);
          const state = (r.body as { state?: string }).state;
          return state !== 'queued' && state !== 'running' && (r.body as { state: string; created: number });
        },
        { timeoutMs: 60_000, what: 'the sync run to end' },
      );
      if (ended.state !== 'succeeded') throw new Error(`the canary sync run ended ${ended.state}`);
    }
    const listed = await expectStatus(200, api(admin, 'GET', path));
    if (JSON.stringify(listed).includes(secret))
      throw new Error('a connection answer showed its credentials');
  } finally {
    await sim.close();
  }
}
