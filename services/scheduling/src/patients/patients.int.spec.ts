import { randomUUID } from 'node:crypto';
import type { TestService } from '@carebus/testing';
import {
  asOwner,
  call,
  readAllPages,
  seedClinic,
  startSchedulingService,
  tokenFor,
} from '../../test/scheduling-test-service';

/** A valid number for a birth date (DDMMYY) and a sequence, with both mod-11 check digits. */
function nationalIdFor(ddmmyy: string, sequence: number): string {
  const digitSum = (digits: number[], weights: number[]) => weights.reduce((s, w, i) => s + w * digits[i], 0);
  for (let individual = sequence; individual < 500; individual++) {
    const digits = [...`${ddmmyy}${String(individual).padStart(3, '0')}`].map(Number);
    const k1 = (11 - (digitSum(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2]) % 11)) % 11;
    if (k1 === 10) continue;
    const k2 = (11 - (digitSum([...digits, k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11)) % 11;
    if (k2 === 10) continue;
    return `${digits.join('')}${k1}${k2}`;
  }
  throw new Error('no valid number in range');
}

let sequence = 100;
const nextNationalId = () => nationalIdFor('010190', sequence++);

describe('/v1/patients', () => {
  let svc: TestService;
  let clinicA: string;
  let clinicB: string;
  let staffA: string;
  let staffB: string;

  const create = (token: string, body: Record<string, unknown>) =>
    call(svc, 'POST', '/v1/patients', token, body);
  const auditRows = (clinicId: string, action: string) =>
    asOwner(
      svc,
      async (db) =>
        (
          await db.query(
            `SELECT subject AS actor, resource_type, resource_id, outcome FROM scheduling.audit_log
           WHERE clinic_id = $1 AND action = $2 ORDER BY id`,
            [clinicId, action],
          )
        ).rows as { actor: string; resource_type: string; resource_id: string | null; outcome: string }[],
    );

  beforeAll(async () => {
    svc = await startSchedulingService();
    [clinicA, clinicB] = await Promise.all([seedClinic(svc), seedClinic(svc)]);
    [staffA, staffB] = await Promise.all([
      tokenFor(svc, clinicA, { roles: ['staff'] }),
      tokenFor(svc, clinicB, { roles: ['staff'] }),
    ]);
  });

  afterAll(async () => {
    await svc?.close();
  });

  it('registers a patient with a validated national id and audits the write', async () => {
    const nationalId = nextNationalId();
    const res = await create(staffA, {
      name: 'Ola Nordmann',
      nationalId,
      phone: '+47 912 34 567',
      hasGuardian: true,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      nationalId,
      nationalIdKind: 'fnr',
      phone: '+47 912 34 567',
      hasGuardian: true,
    });
    const rows = await auditRows(clinicA, 'patient.create');
    expect(rows).toContainEqual(expect.objectContaining({ resource_id: res.body.id, outcome: 'allowed' }));
  });

  it('refuses a mistyped national id with 400 scheduling.invalid_national_id, without echoing it', async () => {
    const res = await create(staffA, { name: 'Typo', nationalId: '01019012481' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('scheduling.invalid_national_id');
    expect(JSON.stringify(res.body)).not.toContain('01019012481');
  });

  it('refuses an H-number with 400 scheduling.unsupported_national_id', async () => {
    const res = await create(staffA, { name: 'H', nationalId: nationalIdFor('014190', 100) });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('scheduling.unsupported_national_id');
  });

  it('answers a second patient with the same national id with 409 and audits the failure', async () => {
    const nationalId = nextNationalId();
    await create(staffA, { name: 'First', nationalId });
    const before = (await auditRows(clinicA, 'patient.create')).length;
    const res = await create(staffA, { name: 'Second', nationalId });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('scheduling.patient_exists');
    const rows = await auditRows(clinicA, 'patient.create');
    expect(rows.slice(before)).toEqual([expect.objectContaining({ outcome: 'failed' })]);
  });

  it('lets another clinic register the same national id', async () => {
    const nationalId = nextNationalId();
    expect((await create(staffA, { name: 'In A', nationalId })).status).toBe(201);
    expect((await create(staffB, { name: 'In B', nationalId })).status).toBe(201);
  });

  it('audits every read with who read which record', async () => {
    const { body } = await create(staffA, { name: 'Read me' });
    const reader = await tokenFor(svc, clinicA, { roles: ['practitioner'] });
    expect((await call(svc, 'GET', `/v1/patients/${body.id}`, reader)).status).toBe(200);
    const rows = await auditRows(clinicA, 'patient.read');
    expect(rows).toContainEqual({
      actor: expect.stringMatching(/^user-/),
      resource_type: 'patient',
      resource_id: body.id,
      outcome: 'allowed',
    });
  });

  it("answers another clinic's patient with 404 and audits the read and the update as denied", async () => {
    const { body } = await create(staffA, { name: 'Private' });
    const res = await call(svc, 'GET', `/v1/patients/${body.id}`, staffB);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('scheduling.patient_not_found');
    expect(JSON.stringify(res.body)).not.toContain('Private');
    expect((await call(svc, 'PATCH', `/v1/patients/${body.id}`, staffB, { name: 'x' })).status).toBe(404);
    const denied = (action: string) =>
      auditRows(clinicB, action).then((rows) => rows.filter((r) => r.resource_id === body.id));
    expect(await denied('patient.read')).toEqual([expect.objectContaining({ outcome: 'denied' })]);
    expect(await denied('patient.update')).toEqual([expect.objectContaining({ outcome: 'denied' })]);
  });

  it('lets a patient read their own record only', async () => {
    const own = await create(staffA, { name: 'Me' });
    const other = await create(staffA, { name: 'Someone else' });
    const patient = await tokenFor(svc, clinicA, { roles: ['patient'], patientId: own.body.id as string });
    expect((await call(svc, 'GET', `/v1/patients/${own.body.id}`, patient)).status).toBe(200);
    expect((await call(svc, 'GET', `/v1/patients/${other.body.id}`, patient)).status).toBe(404);
    const rows = await auditRows(clinicA, 'patient.read');
    expect(rows).toContainEqual(expect.objectContaining({ resource_id: other.body.id, outcome: 'denied' }));
  });

  it('refuses partners and patients the list with 403', async () => {
    for (const roles of [['partner'], ['patient']] as const) {
      const token = await tokenFor(svc, clinicA, { roles: [...roles], patientId: randomUUID() });
      expect((await call(svc, 'GET', '/v1/patients', token)).status).toBe(403);
    }
  });

  it('updates contact points and the listed GP, refusing another clinic’s GP with 422', async () => {
    const { body } = await create(staffA, { name: 'Mover', email: 'old@example.org' });
    const admin = await tokenFor(svc, clinicA);
    const gp = await call(svc, 'POST', '/v1/practitioners', admin, { name: 'GP', profession: 'gp' });
    const theirs = await call(svc, 'POST', '/v1/practitioners', await tokenFor(svc, clinicB), {
      name: 'GP',
      profession: 'gp',
    });
    const res = await call(svc, 'PATCH', `/v1/patients/${body.id}`, staffA, {
      email: null,
      listedPractitionerId: gp.body.id,
    });
    expect(res.body).toMatchObject({ name: 'Mover', email: null, listedPractitionerId: gp.body.id });
    const refused = await call(svc, 'PATCH', `/v1/patients/${body.id}`, staffA, {
      listedPractitionerId: theirs.body.id,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('scheduling.practitioner_not_found');
  });

  it('refuses a bad e-mail and phone with 400 naming both', async () => {
    const res = await create(staffA, { name: 'X', email: 'not-an-email', phone: 'call me' });
    expect(res.status).toBe(400);
    expect((res.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['email', 'phone']);
  });

  describe('search', () => {
    let clinic: string;
    let staff: string;

    beforeAll(async () => {
      clinic = await seedClinic(svc);
      staff = await tokenFor(svc, clinic, { roles: ['staff'] });
      for (const name of ['Nora Berg', 'nordmann, Kari', 'Nordmann, Ola', 'Olsen', '50% Nord'])
        await create(staff, { name });
    });

    it('finds patients by a case-insensitive name prefix', async () => {
      const res = await call<{ items: { name: string }[] }>(svc, 'GET', '/v1/patients?name=NORD', staff);
      expect(res.body.items.map((p) => p.name).sort()).toEqual(['Nordmann, Ola', 'nordmann, Kari']);
    });

    it('treats % and _ in the prefix as text', async () => {
      const res = await call<{ items: { name: string }[] }>(
        svc,
        'GET',
        `/v1/patients?name=${encodeURIComponent('50%')}`,
        staff,
      );
      expect(res.body.items.map((p) => p.name)).toEqual(['50% Nord']);
    });

    it('pages without duplicates, with no name in the cursor, and audits each patient listed', async () => {
      const pages = await readAllPages(svc, '/v1/patients', staff, 2);
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(new Set(pages.flat()).size).toBe(5);
      const first = await call<{ nextCursor: string }>(svc, 'GET', '/v1/patients?limit=2', staff);
      expect(Buffer.from(first.body.nextCursor, 'base64url').toString()).not.toMatch(/Nor|Ols|50%/); // "50" alone may occur in a UUID
      const listed = (await auditRows(clinic, 'patients.list')).map((r) => r.resource_id);
      expect(new Set(listed)).toEqual(new Set(pages.flat()));
    });
  });
});
