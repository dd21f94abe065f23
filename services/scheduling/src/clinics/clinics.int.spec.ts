import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DevMintOptions, Role } from '@carebus/auth';
import { z } from 'zod';
import { sql, type Transaction } from '@carebus/persistence';
import { startTestService, type TestService } from '@carebus/testing';
import { asAppRole, SCHEDULING_UNDER_TEST } from '../../test/scheduling-test-service';

const IdRow = z.object({ id: z.string() });

describe('GET /v1/clinics/:id — authentication, roles and tenant isolation', () => {
  let svc: TestService;
  const clinicA = randomUUID();
  const clinicB = randomUUID();

  const token = (clinicId: string, roles: Role[] = ['clinic_admin'], opts: DevMintOptions = {}) =>
    svc.issuer.mint({ sub: `user-${clinicId}`, clinicId, roles }, opts);

  const get = async (id: string, bearer?: string) => {
    const res = await fetch(`${svc.url}/v1/clinics/${id}`, {
      headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (await res.json()) as Record<string, unknown>,
    };
  };

  beforeAll(async () => {
    svc = await startTestService(SCHEDULING_UNDER_TEST);
    // Seeded by the superuser: row-level security binds the owner too.
    const owner = new Client({ connectionString: svc.db.url() });
    await owner.connect();
    await owner.query(`INSERT INTO scheduling.clinics (id, name) VALUES ($1, 'Clinic A'), ($2, 'Clinic B')`, [
      clinicA,
      clinicB,
    ]);
    await owner.end();
  });

  afterAll(async () => {
    await svc?.close();
  });

  it("returns the caller's own clinic", async () => {
    const res = await get(clinicA, await token(clinicA));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: clinicA, name: 'Clinic A', timeZone: 'Europe/Oslo' });
  });

  it("never returns another clinic's data: 404 exactly as for an unknown id", async () => {
    const other = await get(clinicB, await token(clinicA));
    const unknown = await get(randomUUID(), await token(clinicA));
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('scheduling.clinic_not_found');
    expect(JSON.stringify(other.body)).not.toContain('Clinic B');
    expect({ ...other.body, instance: undefined }).toEqual({ ...unknown.body, instance: undefined });
  });

  it.each<[string, () => Promise<string | undefined>, string]>([
    ['no token', async () => undefined, 'auth.token_missing'],
    [
      'an expired token',
      () => token(clinicA, undefined, { expiresAt: new Date(Date.now() - 60_000) }),
      'auth.token_expired',
    ],
    [
      'a wrong issuer',
      () => token(clinicA, undefined, { issuer: 'https://evil.example' }),
      'auth.issuer_mismatch',
    ],
    [
      'a wrong audience',
      () => token(clinicA, undefined, { audience: 'someone-else' }),
      'auth.audience_mismatch',
    ],
    ['a bad signature', () => token(clinicA, undefined, { signWithForeignKey: true }), 'auth.token_invalid'],
    ['alg: none', () => token(clinicA, undefined, { algNone: true }), 'auth.token_invalid'],
    ['a malformed token', async () => 'not.a.jwt', 'auth.token_invalid'],
  ])('answers %s with 401 problem+json', async (_case, makeToken, code) => {
    const res = await get(clinicA, await makeToken());
    expect(res.status).toBe(401);
    expect(res.type).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 401, code });
  });

  it('answers a role that may not read clinics with 403', async () => {
    const res = await get(clinicA, await token(clinicA, ['patient']));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('auth.forbidden');
  });

  it('answers a malformed id with 400 naming the parameter', async () => {
    const res = await get('not-a-uuid', await token(clinicA));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'validation.failed',
      errors: [{ field: 'id', message: 'must be a UUID' }],
    });
  });

  it('is guarded by row-level security too: the app role sees only the tenant set on the transaction', async () => {
    const ids = (tx: Transaction) => tx.rows(sql`SELECT id FROM scheduling.clinics`, IdRow);
    await asAppRole(svc, async (tx) => {
      expect(await ids(tx)).toEqual([]);
      const asA = await tx.forTenant(clinicA);
      expect(await ids(asA)).toEqual([{ id: clinicA }]);
      await expect(
        asA.execute(sql`INSERT INTO scheduling.clinics (id, name) VALUES (${randomUUID()}, 'Sneaky')`),
      ).rejects.toThrow(/row-level security/);
    });
  });
});
