import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { DevIssuer } from '@carebus/auth';
import { runMigrations } from '@carebus/platform';
import {
  builtServiceMain,
  createTestDatabase,
  freePort,
  infraFromEnv,
  ServiceProcess,
  testKafkaEnv,
  type TestDatabase,
} from '@carebus/testing';
import {
  isolatedMessagingEnv,
  MESSAGING_UNDER_TEST,
  provisionMessagingTopics,
} from '../../test/messaging-under-test';
import { seedPatientMessages, seedThread, storedRows, uploadPath } from '../../test/attachments-harness';
import { MAGIC, MiB, uploadFile } from '../../test/attachment-client';

const UPLOADS = 20;
/**
 * Uploads before the measurement, as many at once as stream into the database at once
 * (MESSAGING_UPLOAD_SLOTS, default 4): the clinic's data key, compiled code, pooled connections
 * and the allocator's pools for that many uploads are in place, so the figure is what 20 cost
 * beyond what the service holds after any upload at all.
 */
const WARM_UPS = 4;
const FILE_BYTES = 12 * MiB;
const GROWTH_LIMIT_MIB = 64;

/** Resident memory of a process in MiB (VmRSS of /proc/<pid>/status). */
function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
}

// Runs the built service (`npm run build` first): its memory is measured as a process of its own.
describe('messaging attachments: memory does not grow with size or with concurrent uploads', () => {
  let db: TestDatabase;
  let issuer: DevIssuer;
  let service: ServiceProcess;
  let sql: Client;

  beforeAll(async () => {
    const infra = infraFromEnv();
    db = await createTestDatabase();
    issuer = await DevIssuer.start({ port: 0 });
    await runMigrations(
      { DATABASE_URL: db.url('carebus_messaging'), DATABASE_POOL_SIZE: 1 },
      { ...MESSAGING_UNDER_TEST.database, schema: 'messaging', serviceName: 'messaging' },
    );
    // Topics of its own, created first: the process's consumers start only on existing topics.
    const own = isolatedMessagingEnv();
    await provisionMessagingTopics(own);
    service = await ServiceProcess.start(builtServiceMain('messaging'), await freePort(), {
      ...own,
      GRPC_PORT: String(await freePort()),
      DATABASE_URL: db.url('carebus_messaging_app'),
      ...testKafkaEnv(infra),
      AUTH_ISSUER: issuer.issuer,
      AUTH_JWKS_URL: issuer.jwksUrl,
      LOG_LEVEL: 'warn',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    });
    sql = new Client({ connectionString: db.url() });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await service?.stop();
    await issuer?.stop();
    await db?.drop();
  });

  it(`${UPLOADS} concurrent 12 MiB uploads grow the service's RSS by less than ${GROWTH_LIMIT_MIB} MiB`, async () => {
    const t = await seedThread(sql, '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f');
    const messages = await seedPatientMessages(sql, t, UPLOADS + WARM_UPS);
    const token = await issuer.mint({
      sub: t.patientId,
      clinicId: t.clinicId,
      roles: ['patient'],
      patientId: t.patientId,
    });
    const upload = (messageId: string) =>
      uploadFile(service.url, uploadPath(t, messageId), token, {
        contentType: 'application/pdf',
        head: MAGIC.pdf,
        size: FILE_BYTES,
        fileName: 'skanning.pdf',
      });

    const warmUps = await Promise.all(messages.slice(UPLOADS).map(upload));
    expect(warmUps.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    const before = rssMiB(service.pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(service.pid))), 20);
    const answers = await Promise.all(messages.slice(0, UPLOADS).map(upload));
    clearInterval(sampler);
    peak = Math.max(peak, rssMiB(service.pid));

    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    expect(answers.map((a) => a.body.sha256)).toEqual(answers.map((a) => a.sentSha256));
    expect(await storedRows(sql, t.clinicId)).toEqual({
      attachments: UPLOADS + WARM_UPS,
      chunks: (UPLOADS + WARM_UPS) * 48,
    });
    process.stdout.write(
      `messaging RSS: ${before.toFixed(1)} MiB before, ${peak.toFixed(1)} MiB peak during ${UPLOADS} concurrent ` +
        `12 MiB uploads (+${(peak - before).toFixed(1)} MiB; ${(UPLOADS * FILE_BYTES) / MiB} MiB uploaded)\n`,
    );
    expect(peak - before).toBeLessThan(GROWTH_LIMIT_MIB);
  });
});
