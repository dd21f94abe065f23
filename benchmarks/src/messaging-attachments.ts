import { spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { DevIssuer } from '@carebus/auth';
import {
  createTestDatabase,
  freePort,
  repoRoot,
  ServiceProcess,
  testKafkaEnv,
  infraFromEnv,
} from '@carebus/testing';
import { machineLine, printTable, rssMiB } from './machine';
import { median } from './statistics';
import { benchMessagingTopics } from './messaging/bench-topics';

// npm run bench -- messaging-attachments [files per round] [concurrency] [MiB per file] [rounds]
const FILES = Number(process.argv[2] ?? 8);
const CONCURRENCY = Number(process.argv[3] ?? 4);
const FILE_BYTES = Number(process.argv[4] ?? 12) * 2 ** 20;
const ROUNDS = Number(process.argv[5] ?? 3);
const CHUNK = 256 * 1024;
const PIECE = 64 * 1024;
const MB = 1e6;

/** The same bytes for every upload and for the raw baseline: a PDF header, then random bytes. */
const FILE = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(FILE_BYTES - 9)]);

async function main(): Promise<void> {
  const infra = infraFromEnv();
  const db = await createTestDatabase('carebus_bench');
  const issuer = await DevIssuer.start({ port: 0 });
  let service: ServiceProcess | undefined;
  const sql = new Client({ connectionString: db.url() });
  try {
    const dist = join(repoRoot(), 'services/messaging/dist');
    const migrated = spawnSync(process.execPath, [join(dist, 'migrate.js')], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: db.url('carebus_messaging'),
        ...testKafkaEnv(infra),
        AUTH_ISSUER: issuer.issuer,
        AUTH_JWKS_URL: issuer.jwksUrl,
      },
      stdio: 'inherit',
    });
    if (migrated.status !== 0) throw new Error(`messaging migrations failed (exit ${migrated.status})`);
    service = await ServiceProcess.start(join(dist, 'main.js'), await freePort(), {
      // Its own partner gRPC port, not 4002, which npm start's messaging holds.
      GRPC_PORT: String(await freePort()),
      DATABASE_URL: db.url('carebus_messaging_app'),
      ...testKafkaEnv(infra),
      // Topics and groups of this run, not npm start's.
      ...(await benchMessagingTopics()),
      KAFKA_CLIENT_ID: `bench-messaging-${randomBytes(3).toString('hex')}`,
      AUTH_ISSUER: issuer.issuer,
      AUTH_JWKS_URL: issuer.jwksUrl,
      LOG_LEVEL: 'warn',
      MESSAGING_KEKS: `v1:${randomBytes(32).toString('base64')}`,
      CAREBUS_JOURNAL_NOTE_KEYS: `v1:${randomBytes(32).toString('base64')}`,
      MESSAGING_NATIONAL_ID_KEYS: `v1:${randomBytes(32).toString('base64')}`,
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    });
    await sql.connect();
    const clinicId = randomUUID();
    const patientId = randomUUID();
    const messages = await seedThread(sql, clinicId, patientId, FILES * ROUNDS + 1);
    const token = await issuer.mint({ sub: patientId, clinicId, roles: ['patient'], patientId });
    const upload = (messagePath: string) => uploadOnce(service!.url, messagePath, token);

    await upload(messages[FILES * ROUNDS]!); // warm-up: the clinic's data key, JIT, pool connections
    const rssBefore = rssMiB(service.pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(service!.pid))), 50);
    const rows: Record<string, string | number>[] = [];
    const ratios: number[] = [];
    const mbps = (ms: number) => (FILES * FILE_BYTES) / MB / (ms / 1000);
    // Rounds alternate the two paths, so load from elsewhere on the machine falls on both alike.
    for (let round = 0; round < ROUNDS; round++) {
      const uploadMs = await inParallel(FILES, CONCURRENCY, (i) => upload(messages[round * FILES + i]!));
      const rawMs = await rawInserts(db.url(), clinicId);
      ratios.push(mbps(uploadMs) / mbps(rawMs));
      rows.push({
        round: round + 1,
        'upload MB/s': mbps(uploadMs).toFixed(1),
        'raw MB/s': mbps(rawMs).toFixed(1),
        ratio: (mbps(uploadMs) / mbps(rawMs)).toFixed(2),
      });
    }
    clearInterval(sampler);

    process.stdout.write(
      `${machineLine({ files: FILES, concurrency: CONCURRENCY, fileMiB: FILE_BYTES / 2 ** 20, rounds: ROUNDS })}\n`,
    );
    printTable(
      'messaging attachments: REST upload (stream, type check, SHA-256, AES-256-GCM, audit) vs raw pg inserts of the same 256 KiB chunks',
      rows,
    );
    process.stdout.write(
      `\nratio upload / raw, median of ${ROUNDS} rounds: ${median(ratios).toFixed(2)} (target >= 0.5)\n` +
        `service RSS: ${rssBefore} MiB before, ${rssPeak} MiB peak (+${rssPeak - rssBefore} MiB) with ${CONCURRENCY} uploads at a time\n`,
    );
  } finally {
    await sql.end().catch(() => undefined);
    await service?.stop();
    await issuer.stop();
    await db.drop();
  }
}

/** One thread of the patient, with `n` messages of theirs to attach to; answers the upload paths. */
async function seedThread(sql: Client, clinicId: string, patientId: string, n: number): Promise<string[]> {
  const threadId = randomUUID();
  await sql.query(
    `INSERT INTO messaging.threads (clinic_id, id, kind, origin, patient_id, subject, created_by, created_by_kind,
       routing, message_count, last_message_at, created_at, updated_at)
     VALUES ($1, $2, 'e_contact', 'national_portal', $3, 'Bench', $4, 'patient', '{"mode":"addressed","receiverUnitId":null,"practitionerId":null}', $5, now(), now(), now())`,
    [clinicId, threadId, patientId, patientId, n],
  );
  const paths: string[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const id = randomUUID();
    await sql.query(
      `INSERT INTO messaging.messages (clinic_id, id, thread_id, seq, author_subject, author_kind, direction, body, created_at)
       VALUES ($1, $2, $3, $4, $5::text, 'patient', 'inbound', 'Vedlegg', now())`,
      [clinicId, id, threadId, seq, patientId],
    );
    paths.push(`/v1/threads/${threadId}/messages/${id}/attachments`);
  }
  return paths;
}

function uploadOnce(baseUrl: string, path: string, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, baseUrl), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="bench.pdf"`,
        'content-length': String(FILE.length),
      },
    });
    req.once('response', (res) => {
      res.resume();
      res.once('end', () =>
        res.statusCode === 201 ? resolve() : reject(new Error(`upload answered ${res.statusCode}`)),
      );
    });
    req.once('error', reject);
    let at = 0;
    const write = (): void => {
      while (at < FILE.length) {
        const piece = FILE.subarray(at, at + PIECE);
        at += piece.length;
        if (!req.write(piece)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

/** The baseline: the same bytes as 256 KiB chunks (no hash, no cipher, no HTTP), one transaction per file. */
async function rawInserts(url: string, clinicId: string): Promise<number> {
  const pool = new Pool({ connectionString: url, max: CONCURRENCY });
  const sha = createHash('sha256').update(FILE).digest();
  try {
    return await inParallel(FILES, CONCURRENCY, async () => {
      const client = await pool.connect();
      const id = randomUUID();
      try {
        await client.query('BEGIN');
        for (let i = 0; i * CHUNK < FILE.length; i++) {
          await client.query(
            'INSERT INTO messaging.attachment_chunks (attachment_id, idx, clinic_id, sealed) VALUES ($1, $2, $3, $4)',
            [id, i, clinicId, FILE.subarray(i * CHUNK, (i + 1) * CHUNK)],
          );
        }
        await client.query(
          `INSERT INTO messaging.attachments (id, clinic_id, thread_id, message_id, uploaded_by, media_type, file_name,
             size_bytes, sha256, chunk_count, key_id, created_at)
           VALUES ($1, $2, $1, $1, 'bench', 'application/pdf', '\\x00', $3, $4, $5, $1, now())`,
          [id, clinicId, FILE.length, sha, Math.ceil(FILE.length / CHUNK)],
        );
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    });
  } finally {
    await pool.end();
  }
}

/** Runs `n` jobs, `width` at a time; answers the wall time in ms. */
async function inParallel(n: number, width: number, job: (i: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await job(next++);
    }),
  );
  return Math.round(performance.now() - started);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
