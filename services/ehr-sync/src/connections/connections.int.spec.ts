import { startEhrSimulator, type RunningEhrSimulator } from '@carebus/ehr-simulator';
import { TenantScope } from '@carebus/persistence';
import { newClinicId } from '@carebus/testing';
import { connectionAlerts, connectionAudit } from '../../test/connections-harness';
import { newSek, startVaultHarness, type VaultHarness } from '../../test/key-vault-harness';
import { ClinicKeyring } from '../key-vault/clinic-keyring';
import { CREDENTIALS_PURPOSE } from './connection';

const base = (clinicId: string) => `/v1/clinics/${clinicId}/ehr-connections`;

type Body = Record<string, unknown>;

/**
 * EHR connections over real PostgreSQL, Kafka (the outbox relay) and the EHR simulator on a real
 * socket: both API styles connect, bad credentials and withdrawn authorisations are refused and
 * alerted once, re-authentication keeps the settings, and the credentials rest only as ciphertext.
 */
describe('EHR connections', () => {
  let h: VaultHarness;
  let sim: RunningEhrSimulator;
  const clinicId = newClinicId();
  let admin: string;

  beforeAll(async () => {
    [h, sim] = await Promise.all([
      startVaultHarness(),
      startEhrSimulator({ port: 0, seed: 'connections', practitioners: 3, patients: 10, appointments: 20 }),
    ]);
    admin = await h.token(clinicId, ['clinic_admin'], 'admin-anne');
  }, 90_000);
  afterAll(async () => {
    await sim?.close();
    await h?.close();
  });
  beforeEach(() => sim.admin.clearFaults());

  const fhir = () => ({
    style: 'fhir_r4',
    baseUrl: sim.fhirUrl,
    credentials: { clientId: sim.credentials.fhir.clientId, clientSecret: sim.credentials.fhir.clientSecret },
  });
  const vendor = () => ({
    style: 'vendor',
    baseUrl: sim.vendorUrl,
    credentials: {
      username: sim.credentials.vendor.username,
      activationCode: sim.credentials.vendor.activationCode,
    },
  });

  it('needs the clinic key first: 409 ehrsync.connection_needs_key, without calling the EHR', async () => {
    sim.admin.clearRequests();
    const r = await h.call('POST', base(clinicId), admin, fhir());
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('ehrsync.connection_needs_key');
    expect(sim.admin.requests()).toHaveLength(0);
    expect((await h.call('POST', `/v1/clinics/${clinicId}/key-vault`, admin, { key: newSek() })).status).toBe(
      201,
    );
  });

  it.each([
    ['fhir_r4', fhir],
    ['vendor', vendor],
  ] as const)('connects in the %s style and lists the EHR providers', async (style, body) => {
    const sent = body();
    const created = await h.call('POST', base(clinicId), admin, sent);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ style, status: 'active', settingsVersion: 1, clinicId });
    expect(created.body.settings).toMatchObject({ scheduleDays: 1, providerIds: [] });
    const text = JSON.stringify(created.body);
    for (const secret of Object.values(sent.credentials)) expect(text).not.toContain(secret);
    const id = created.body.id as string;

    const providers = await h.call<{ items: { externalId: string }[] }>(
      'GET',
      `${base(clinicId)}/${id}/providers`,
      admin,
    );
    expect(providers.status).toBe(200);
    expect(providers.body.items.map((p) => p.externalId).sort()).toEqual(['prov-1', 'prov-2', 'prov-3']);
    const check = await h.call('POST', `${base(clinicId)}/${id}/check`, admin);
    expect(check.status).toBe(200);
    expect(check.body.providerCount).toBe(3);

    const { rows } = await h.sql.query<{ credentials: string }>(
      `SELECT credentials FROM ehr_sync.ehr_connections WHERE id = $1`,
      [id],
    );
    expect(rows[0]!.credentials).toMatch(/^sek1\./);
    for (const secret of Object.values(sent.credentials)) expect(rows[0]!.credentials).not.toContain(secret);
    const list = await h.call<{ items: Body[] }>('GET', `${base(clinicId)}?limit=1`, admin);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
  });

  it('the sealed credentials open for their clinic only', async () => {
    const { rows } = await h.sql.query<{ id: string; credentials: string }>(
      `SELECT id, credentials FROM ehr_sync.ehr_connections WHERE clinic_id = $1 AND style = 'vendor'`,
      [clinicId],
    );
    const { id, credentials } = rows[0]!;
    const keyring = h.svc.app.get(ClinicKeyring);
    const tenant = h.svc.app.get(TenantScope);
    const field = { purpose: CREDENTIALS_PURPOSE, recordId: id };
    const opened = await tenant.withTenant(clinicId, (tx) => keyring.open(tx, field, credentials));
    expect(JSON.parse(opened)).toMatchObject({ activationCode: sim.credentials.vendor.activationCode });

    const other = newClinicId();
    const otherAdmin = await h.token(other);
    expect(
      (await h.call('POST', `/v1/clinics/${other}/key-vault`, otherAdmin, { key: newSek() })).status,
    ).toBe(201);
    await expect(
      tenant.withTenant(other, (tx) => keyring.open(tx, field, credentials)),
    ).rejects.toMatchObject({
      code: 'ehrsync.sealed_value_invalid',
    });
    const listed = await h.call<{ items: Body[] }>('GET', base(other), otherAdmin);
    expect(listed.body.items).toHaveLength(0);
    expect((await h.call('GET', `${base(other)}/${id}`, otherAdmin)).status).toBe(404);
    expect((await h.call('GET', `${base(clinicId)}/${id}`, otherAdmin)).status).toBe(403);
    const staff = await h.token(clinicId, ['staff']);
    expect((await h.call('GET', `${base(clinicId)}/${id}`, staff)).status).toBe(403);
  });

  it('bad credentials: 422 ehrsync.credentials_rejected, one CredentialsRejected alert, nothing stored', async () => {
    const before = (await connectionAlerts(h.sql, clinicId)).length;
    const body = { ...vendor(), credentials: { ...vendor().credentials, activationCode: 'ACT-0000-BAD' } };
    const r = await h.call('POST', base(clinicId), admin, { ...body, baseUrl: `${sim.vendorUrl}/` });
    expect(r.status).toBe(422);
    expect(r.contentType).toContain('application/problem+json');
    expect(r.body.code).toBe('ehrsync.credentials_rejected');
    expect(JSON.stringify(r.body)).not.toContain('ACT-0000-BAD');
    const alerts = (await connectionAlerts(h.sql, clinicId)).slice(before);
    expect(alerts).toEqual([
      {
        kind: 'CredentialsRejected',
        connectionId: expect.any(String),
        ehrSystem: 'vendor',
        errorCode: 'ehrsync.ehr_credentials_rejected',
      },
    ]);
    const { rows } = await h.sql.query(`SELECT 1 FROM ehr_sync.ehr_connections WHERE id = $1`, [
      alerts[0]!.connectionId,
    ]);
    expect(rows).toHaveLength(0);
    expect((await connectionAudit(h.sql, clinicId)).at(-1)).toMatchObject({
      action: 'ehr_connection.create',
      outcome: 'failed',
    });
  });

  it('an unreachable EHR: 503 ehrsync.ehr_unreachable, nothing stored', async () => {
    sim.admin.setFaults({ down: 'unavailable' });
    const r = await h.call('POST', base(clinicId), admin, { ...fhir(), baseUrl: `${sim.fhirUrl}/x` });
    expect(r.status).toBe(503);
    expect(r.body.code).toBe('ehrsync.ehr_unreachable');
  });

  it('refuses bad input with 400', async () => {
    const bad = [
      { ...fhir(), baseUrl: 'ftp://ehr.example/x' },
      { ...fhir(), baseUrl: 'https://user:pw@ehr.example/x' },
      { ...fhir(), credentials: vendor().credentials },
      { ...fhir(), style: 'hl7v2' },
      { ...fhir(), credentials: 'x' },
    ];
    for (const body of bad) {
      const r = await h.call('POST', base(clinicId), admin, body);
      expect([r.status, r.body.code]).toEqual([400, 'validation.failed']);
    }
  });

  it('settings: validated, versioned, providers from the EHR list', async () => {
    const id = await connectionOf('fhir_r4');
    const settings = {
      scheduleDays: 7,
      providerIds: ['prov-1', 'prov-3'],
      arrivalWindowMinutes: 10,
      combineProgressNotes: true,
      attachmentsAsPdf: true,
      unavailableAppointmentClasses: ['cls-4'],
      defaultAppointmentType: 'cls-1',
    };
    const put = await h.call('PUT', `${base(clinicId)}/${id}/settings`, admin, {
      ...settings,
      expectedVersion: 1,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ settings, settingsVersion: 2 });
    const stale = await h.call('PUT', `${base(clinicId)}/${id}/settings`, admin, {
      ...settings,
      expectedVersion: 1,
    });
    expect([stale.status, stale.body.code, stale.body.currentVersion]).toEqual([
      409,
      'ehrsync.connection_settings_version_mismatch',
      2,
    ]);
    const unknown = await h.call('PUT', `${base(clinicId)}/${id}/settings`, admin, {
      ...settings,
      providerIds: ['prov-9'],
      expectedVersion: 2,
    });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'ehrsync.unknown_providers']);
    const invalid = await h.call('PUT', `${base(clinicId)}/${id}/settings`, admin, {
      ...settings,
      scheduleDays: 0,
      expectedVersion: 2,
    });
    expect([invalid.status, invalid.body.code]).toEqual([400, 'validation.failed']);
  });

  it('a de-authorisation found in use de-authorises once; re-authentication restores it with settings unchanged', async () => {
    const id = await connectionOf('fhir_r4');
    const before = await h.call('GET', `${base(clinicId)}/${id}`, admin);
    const alertsBefore = (await connectionAlerts(h.sql, clinicId)).length;
    sim.admin.deauthorize();
    const first = await h.call('POST', `${base(clinicId)}/${id}/check`, admin);
    expect([first.status, first.body.code]).toEqual([409, 'ehrsync.connection_deauthorized']);
    const again = await h.call('GET', `${base(clinicId)}/${id}/providers`, admin);
    expect([again.status, again.body.code]).toEqual([409, 'ehrsync.connection_deauthorized']);
    const read = await h.call('GET', `${base(clinicId)}/${id}`, admin);
    expect(read.body).toMatchObject({ status: 'deauthorized', statusCode: 'ehrsync.ehr_deauthorized' });
    expect((await connectionAlerts(h.sql, clinicId)).slice(alertsBefore)).toEqual([
      {
        kind: 'ConnectionDeauthorized',
        connectionId: id,
        ehrSystem: 'fhir_r4',
        errorCode: 'ehrsync.ehr_deauthorized',
      },
    ]);

    const reauth = await h.call('POST', `${base(clinicId)}/${id}/reauthenticate`, admin, {});
    expect(reauth.status).toBe(200);
    expect(reauth.body).toMatchObject({
      status: 'active',
      statusCode: null,
      settings: before.body.settings,
      settingsVersion: before.body.settingsVersion,
    });
    expect((await h.call('POST', `${base(clinicId)}/${id}/check`, admin)).status).toBe(200);
  });

  it('re-authentication with wrong credentials is refused and alerted; with new ones it reseals', async () => {
    const id = await connectionOf('vendor');
    const { rows: before } = await h.sql.query<{ credentials: string }>(
      `SELECT credentials FROM ehr_sync.ehr_connections WHERE id = $1`,
      [id],
    );
    const alertsBefore = (await connectionAlerts(h.sql, clinicId)).length;
    const wrong = await h.call('POST', `${base(clinicId)}/${id}/reauthenticate`, admin, {
      credentials: { username: sim.credentials.vendor.username, activationCode: 'ACT-0000-BAD' },
    });
    expect([wrong.status, wrong.body.code]).toEqual([422, 'ehrsync.credentials_rejected']);
    expect((await connectionAlerts(h.sql, clinicId)).slice(alertsBefore)).toHaveLength(1);
    const right = await h.call('POST', `${base(clinicId)}/${id}/reauthenticate`, admin, {
      credentials: vendor().credentials,
    });
    expect([right.status, right.body.status]).toEqual([200, 'active']);
    const { rows: after } = await h.sql.query<{ credentials: string }>(
      `SELECT credentials FROM ehr_sync.ehr_connections WHERE id = $1`,
      [id],
    );
    expect(after[0]!.credentials).not.toBe(before[0]!.credentials);
  });

  it('a key replace reseals the credentials: the connection still signs in', async () => {
    const id = await connectionOf('vendor');
    const { rows: before } = await h.sql.query<{ credentials: string }>(
      `SELECT credentials FROM ehr_sync.ehr_connections WHERE id = $1`,
      [id],
    );
    expect((await h.call('PUT', `/v1/clinics/${clinicId}/key-vault`, admin, { key: newSek() })).status).toBe(
      200,
    );
    const { rows: after } = await h.sql.query<{ credentials: string }>(
      `SELECT credentials FROM ehr_sync.ehr_connections WHERE id = $1`,
      [id],
    );
    expect(after[0]!.credentials.split('.')[1]).not.toBe(before[0]!.credentials.split('.')[1]);
    expect((await h.call('POST', `${base(clinicId)}/${id}/reauthenticate`, admin, {})).status).toBe(200);
  });

  it('audits every read and write, allowed or refused', async () => {
    const actions = new Set((await connectionAudit(h.sql, clinicId)).map((a) => `${a.action}:${a.outcome}`));
    for (const expected of [
      'ehr_connection.create:allowed',
      'ehr_connection.create:failed',
      'ehr_connection.list:allowed',
      'ehr_connection.read:allowed',
      'ehr_connection.providers:allowed',
      'ehr_connection.check:allowed',
      'ehr_connection.check:failed',
      'ehr_connection.settings:allowed',
      'ehr_connection.reauthenticate:allowed',
      'ehr_connection.reauthenticate:failed',
    ])
      expect(actions).toContain(expected);
    const { rows } = await h.sql.query(
      `SELECT 1 FROM ehr_sync.audit_log WHERE resource_type = 'ehr_connection' AND outcome = 'denied'`,
    );
    expect(rows.length).toBeGreaterThan(0);
  });

  async function connectionOf(style: string): Promise<string> {
    const { rows } = await h.sql.query<{ id: string }>(
      `SELECT id FROM ehr_sync.ehr_connections WHERE clinic_id = $1 AND style = $2 ORDER BY created_at LIMIT 1`,
      [clinicId, style],
    );
    return rows[0]!.id;
  }
});
