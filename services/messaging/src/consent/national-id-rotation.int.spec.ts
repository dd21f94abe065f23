import { createCipheriv, createHmac, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DevIssuer } from '@carebus/auth';
import { runMigrations } from '@carebus/platform';
import {
  builtServiceMain,
  createTestDatabase,
  freePort,
  infraFromEnv,
  requestJson,
  ServiceProcess,
  testKafkaEnv,
  type TestDatabase,
} from '@carebus/testing';
import {
  isolatedMessagingEnv,
  MESSAGING_UNDER_TEST,
  provisionMessagingTopics,
} from '../../test/messaging-under-test';
import { nationalIds } from '../../test/national-ids';

const derived = (key: string, info: string) =>
  Buffer.from(hkdfSync('sha256', Buffer.from(key, 'base64'), Buffer.alloc(0), info, 32));

/** A row as the release before the key ring wrote it: `nid1.…` and the lookup hash of the single key. */
function legacyRow(key: string, clinicId: string, patientId: string, nationalId: string) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derived(key, 'carebus national id seal'), iv);
  cipher.setAAD(Buffer.from(`${clinicId}|${patientId}`));
  const body = Buffer.concat([cipher.update(nationalId, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    sealed: `nid1.${iv.toString('base64url')}.${body.toString('base64url')}`,
    lookup: createHmac('sha256', derived(key, 'carebus national id lookup'))
      .update(`${clinicId}|${nationalId}`)
      .digest('base64url'),
  };
}

// Runs the built service (`npm run build` first): the same database under two configurations.
describe('rotating the national-id key', () => {
  const clinicId = randomUUID();
  const single = randomBytes(32).toString('base64');
  const own = isolatedMessagingEnv();
  let db: TestDatabase;
  let issuer: DevIssuer;
  let sql: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    issuer = await DevIssuer.start({ port: 0 });
    await runMigrations(
      { DATABASE_URL: db.url('carebus_messaging'), DATABASE_POOL_SIZE: 1 },
      { ...MESSAGING_UNDER_TEST.database, schema: 'messaging', serviceName: 'messaging' },
    );
    await provisionMessagingTopics(own);
    sql = new Client({ connectionString: db.url() });
    await sql.connect();
  }, 90_000);
  afterAll(async () => {
    await sql?.end();
    await issuer?.stop();
    await db?.drop();
  });

  async function start(keys: Record<string, string>): Promise<ServiceProcess> {
    const { MESSAGING_NATIONAL_ID_KEYS: _unused, ...rest } = own;
    return ServiceProcess.start(builtServiceMain('messaging'), await freePort(), {
      ...rest,
      ...keys,
      // Its own partner gRPC port, not 4002, which npm start's messaging holds.
      GRPC_PORT: String(await freePort()),
      DATABASE_URL: db.url('carebus_messaging_app'),
      ...testKafkaEnv(infraFromEnv()),
      AUTH_ISSUER: issuer.issuer,
      AUTH_JWKS_URL: issuer.jwksUrl,
      LOG_LEVEL: 'warn',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    });
  }
  const staff = () => issuer.mint({ sub: 'staff-siri', roles: ['staff'], clinicId });
  const portal = () => issuer.mint({ sub: 'national-portal', roles: ['partner'], clinicId });
  const record = async (svc: ServiceProcess, patientId: string, nationalId: string) =>
    requestJson(svc.url, 'PUT', `/v1/clinics/${clinicId}/patients/${patientId}/national-id`, await staff(), {
      nationalId,
    });
  const push = async (svc: ServiceProcess, nationalId: string) =>
    (
      await requestJson<{ matched: number }>(
        svc.url,
        'POST',
        '/v1/partner/portal/patient-status',
        await portal(),
        {
          nationalId,
          portalAccount: 'active',
          consent: true,
        },
      )
    ).body.matched;
  const stored = async (patientId: string) =>
    (
      await sql.query<{ sealed: string; version: string }>(
        `SELECT national_id_sealed AS sealed, version FROM messaging.portal_patients WHERE clinic_id = $1 AND patient_id = $2`,
        [clinicId, patientId],
      )
    ).rows[0]!;

  it('keeps finding numbers sealed under the single key and under v1 after v2 becomes active', async () => {
    const [legacy, v1, v2] = [randomUUID(), randomUUID(), randomUUID()];
    const numbers = {
      legacy: nationalIds.birthNumber(),
      v1: nationalIds.birthNumber(),
      v2: nationalIds.birthNumber(),
    };

    // The release before the ring: its rows, as it sealed them.
    const old = legacyRow(single, clinicId, legacy, numbers.legacy);
    await sql.query(
      `INSERT INTO messaging.portal_patients (clinic_id, patient_id, national_id_kind, national_id_sealed,
         national_id_lookup, reachable, reason, version, updated_at)
       VALUES ($1, $2, 'birth_number', $3, $4, false, 'no_consent', 1, now())`,
      [clinicId, legacy, old.sealed, old.lookup],
    );

    // One release on the deprecated variable: it starts, warns, and seals under v1.
    const first = await start({ MESSAGING_NATIONAL_ID_KEY: single });
    try {
      expect((await record(first, v1, numbers.v1)).status).toBe(200);
      expect((await stored(v1)).sealed).toMatch(/^nid2\.v1\./);
      expect(await push(first, numbers.legacy)).toBe(1);
    } finally {
      await first.stop();
    }
    expect(first.output).toContain('MESSAGING_NATIONAL_ID_KEY is deprecated');

    // The ring with a new active version.
    const second = await start({
      MESSAGING_NATIONAL_ID_KEYS: `v1:${single},v2:${randomBytes(32).toString('base64')}`,
      MESSAGING_NATIONAL_ID_KEY_ACTIVE: 'v2',
    });
    try {
      expect(await push(second, numbers.legacy)).toBe(1);
      expect(await push(second, numbers.v1)).toBe(1);
      // The same number recorded again keeps its v1 seal and publishes nothing.
      const before = await stored(v1);
      expect((await record(second, v1, numbers.v1)).status).toBe(200);
      expect(await stored(v1)).toEqual(before);
      // A new number is sealed under v2 and found.
      expect((await record(second, v2, numbers.v2)).status).toBe(200);
      expect((await stored(v2)).sealed).toMatch(/^nid2\.v2\./);
      expect(await push(second, numbers.v2)).toBe(1);
      const reach = await requestJson<{ reason: string }>(
        second.url,
        'GET',
        `/v1/clinics/${clinicId}/patients/${legacy}/reachability`,
        await staff(),
      );
      expect(reach.body.reason).toBe('reachable');
    } finally {
      await second.stop();
    }
    expect(second.output).not.toContain('deprecated');
    for (const n of Object.values(numbers)) expect(first.output + second.output).not.toContain(n);
  }, 240_000);
});
