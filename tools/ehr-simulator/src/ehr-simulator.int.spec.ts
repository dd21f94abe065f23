import { startEhrSimulator, type RunningEhrSimulator } from './ehr-simulator';

describe('EHR simulator over HTTP', () => {
  let sim: RunningEhrSimulator;
  let session: string;
  let bearer: string;

  beforeAll(async () => {
    sim = await startEhrSimulator({ seed: 'http', appointments: 120, adminToken: 'admin-secret' });
  });

  afterAll(() => sim.close());

  beforeEach(async () => {
    sim.admin.clearFaults();
    const opened = await fetch(`${sim.vendorUrl}/sessions`, {
      method: 'POST',
      body: JSON.stringify(sim.credentials.vendor),
    });
    session = ((await opened.json()) as { sessionToken: string }).sessionToken;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sim.credentials.fhir.clientId,
      client_secret: sim.credentials.fhir.clientSecret,
    });
    const token = await fetch(sim.credentials.fhir.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    bearer = ((await token.json()) as { access_token: string }).access_token;
  });

  const vendor = (path: string, init: RequestInit = {}) =>
    fetch(`${sim.vendorUrl}${path}`, { ...init, headers: { 'x-session-token': session, ...init.headers } });
  const fhir = (path: string) =>
    fetch(`${sim.fhirUrl}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
  const admin = (path: string, init: RequestInit = {}, token = 'admin-secret') =>
    fetch(`${sim.url}/_admin${path}`, { ...init, headers: { 'x-admin-token': token, ...init.headers } });

  it('serves the same data for the same seed', async () => {
    const twin = await startEhrSimulator({ seed: 'http', appointments: 120 });
    try {
      const a = await (await vendor('/appointments?pageSize=500')).json();
      const other = await fetch(`${twin.vendorUrl}/sessions`, {
        method: 'POST',
        body: JSON.stringify(twin.credentials.vendor),
      });
      const token = ((await other.json()) as { sessionToken: string }).sessionToken;
      const b = await (
        await fetch(`${twin.vendorUrl}/appointments?pageSize=500`, { headers: { 'x-session-token': token } })
      ).json();
      expect(b).toEqual(a);
    } finally {
      await twin.close();
    }
  });

  it('answers in each style its own error shape', async () => {
    expect(await (await vendor('/appointments/appt-9999')).json()).toEqual({
      errorCode: 'NOT_FOUND',
      errorText: expect.any(String),
    });
    expect((await vendor('/appointments?pageSize=501')).status).toBe(400);
    expect(await (await vendor('/appointments?cursor=bogus')).json()).toMatchObject({
      errorCode: 'INVALID_CURSOR',
    });
    const missing = await fhir('/Appointment/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'not-found' }],
    });
    expect((await fhir('/Appointment?color=blue')).status).toBe(400);
    const noToken = await fetch(`${sim.fhirUrl}/Patient`);
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('filters FHIR searches by _lastUpdated and pages with next links', async () => {
    const created = sim.admin.createAppointment({
      providerId: 'prov-1',
      patientId: 'pat-1',
      classId: 'cls-1',
      start: '2026-02-01T09:00:00Z',
      end: '2026-02-01T09:30:00Z',
    });
    const since = new Date(Date.parse(String(created.modifiedAt)) - 1).toISOString();
    const bundle = (await (await fhir(`/Appointment?_lastUpdated=gt${since}`)).json()) as {
      entry: { resource: { id: string } }[];
    };
    expect(bundle.entry.map((e) => e.resource.id)).toEqual([created.appointmentId]);
    const first = (await (
      await fhir('/Appointment?_count=50&_lastUpdated=le2026-01-01T00:00:01Z')
    ).json()) as { entry: unknown[]; link: { relation: string; url: string }[] };
    expect(first.entry).toHaveLength(50);
    const next = first.link.find((l) => l.relation === 'next')!.url;
    expect(next.startsWith(sim.fhirUrl)).toBe(true);
    const second = (await (await fhir(next.slice(sim.fhirUrl.length))).json()) as { entry: unknown[] };
    expect(second.entry.length).toBeGreaterThan(0);
  });

  it('keeps the admin API behind its token and validates faults', async () => {
    expect((await admin('/faults', {}, 'wrong')).status).toBe(401);
    const bad = await admin('/faults', { method: 'PUT', body: JSON.stringify({ down: 'sometimes' }) });
    expect(bad.status).toBe(400);
    const set = await admin('/faults', {
      method: 'PUT',
      body: JSON.stringify({ rateLimit: { retryAfterSeconds: 3 } }),
    });
    expect(await set.json()).toEqual({ rateLimit: { retryAfterSeconds: 3 } });
    const limited = await vendor('/providers');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(await limited.json()).toMatchObject({ errorCode: 'RATE_LIMITED' });
    expect((await admin('/faults', { method: 'DELETE' })).status).toBe(204);
    expect((await vendor('/providers')).status).toBe(200);
  });

  it('drives changes and de-authorisation over the admin API', async () => {
    const made = await admin('/appointments', {
      method: 'POST',
      body: JSON.stringify({
        providerId: 'prov-2',
        start: '2026-02-03T09:00:00Z',
        end: '2026-02-03T09:30:00Z',
        classId: 'cls-4',
      }),
    });
    expect(made.status).toBe(201);
    const { appointmentId } = (await made.json()) as { appointmentId: string };
    expect((await admin(`/appointments/${appointmentId}/cancel`, { method: 'POST' })).status).toBe(200);
    expect((await admin('/appointments/appt-99999/cancel', { method: 'POST' })).status).toBe(404);
    expect((await admin('/deauthorize', { method: 'POST' })).status).toBe(204);
    expect(await (await vendor('/providers')).json()).toMatchObject({ errorCode: 'DEAUTHORIZED' });
    expect(await (await fhir('/Patient')).json()).toMatchObject({
      issue: [{ code: 'security', details: { coding: [{ code: 'deauthorized' }] } }],
    });
  });

  it('logs API calls with the recorded headers, not admin calls', async () => {
    sim.admin.clearRequests();
    await vendor('/providers', { headers: { 'x-sync-token': 'run-1', 'x-other': 'no' } });
    await admin('/state');
    expect(sim.admin.requests()).toEqual([
      {
        at: expect.any(String),
        method: 'GET',
        path: '/vendor/api/v2/providers',
        style: 'vendor',
        status: 200,
        headers: { 'x-sync-token': 'run-1' },
      },
    ]);
  });
});
