import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { Partitioners } from '@carebus/kafka';
import {
  createTopics,
  newClinicId,
  newTopicSuffix,
  repoRoot,
  startPlatformTestService,
  testKafka,
  type TestService,
} from '@carebus/testing';
import { encodeEnvelopeHeaders, encodeEventPayload, EVENTS } from '@carebus/contracts';
import { DEAD_LETTER_PAYLOAD_SCOPE, writeFailureHeaders } from '@carebus/messaging-kafka';

const CLI = join(repoRoot(), 'tools/carebus-cli/dist/main.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A dead letter as the consumer runner writes it. */
function deadLetter(topic: string, group: string, key: string, clinicId: string) {
  const failedAt = new Date();
  return {
    key,
    value: Buffer.from(encodeEventPayload(EVENTS.testSequenced, { aggregateId: key, sequence: 1n })),
    headers: {
      ...encodeEnvelopeHeaders({
        id: randomUUID(),
        type: EVENTS.testSequenced.type,
        source: '/carebus/testing',
        time: failedAt,
        clinicId,
        dataContentType: 'application/protobuf',
      }),
      ...writeFailureHeaders({
        errorCode: 'test.rejected',
        errorMessage: 'rejected by the test',
        retryable: false,
        originalTopic: topic,
        originalPartition: 0,
        originalOffset: '0',
        attempt: 1,
        group,
        failedAt,
      }),
    },
  };
}

describe('carebus CLI', () => {
  let svc: TestService;
  const suffix = newTopicSuffix();
  const topic = `testing.sequence.${suffix}`;
  const group = `cli-${suffix}`;
  const dlqTopic = `${topic}.${group}.dlq`;
  const clinicA = newClinicId();
  const clinicB = newClinicId();
  const tokens: Record<string, string> = {};

  async function carebus(args: string[], token?: string): Promise<Run> {
    const env = { ...process.env, CAREBUS_API_URL: svc.url, ...(token ? { CAREBUS_TOKEN: token } : {}) };
    if (!token) delete env.CAREBUS_TOKEN;
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as Run;
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npx tsc -b tools/carebus-cli first`);
    const kafka = testKafka();
    await createTopics(kafka, [topic, dlqTopic], 1);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({
      topic: dlqTopic,
      messages: [
        deadLetter(topic, group, 'a0', clinicA),
        deadLetter(topic, group, 'a1', clinicA),
        deadLetter(topic, group, 'b0', clinicB),
      ],
    });
    await producer.disconnect();
    svc = await startPlatformTestService();
    tokens.operator = await svc.issuer.mint({ sub: 'cli-ops', roles: ['operator'] });
    tokens.glass = await svc.issuer.mint({
      sub: 'cli-ops-glass',
      roles: ['operator'],
      scopes: [DEAD_LETTER_PAYLOAD_SCOPE],
    });
    tokens.adminA = await svc.issuer.mint({ sub: 'cli-admin-a', clinicId: clinicA, roles: ['clinic_admin'] });
  });

  afterAll(async () => {
    await svc?.close();
  });

  it("dlq list --json prints the dead letters' metadata as a JSON array, a clinic admin only its clinic's", async () => {
    const { code, stdout } = await carebus(['dlq', 'list', '--topic', topic, '--json'], tokens.operator);

    expect(code).toBe(0);
    const letters = JSON.parse(stdout);
    expect(letters.map((l: { offset: string; clinicId: string }) => [l.offset, l.clinicId])).toEqual([
      ['0', clinicA],
      ['1', clinicA],
      ['2', clinicB],
    ]);
    expect(letters[0]).not.toHaveProperty('key');

    const own = await carebus(['dlq', 'list', '--topic', topic], tokens.adminA);
    expect(own.code).toBe(0);
    expect(own.stdout).toContain(`${dlqTopic}/0/1`);
    expect(own.stdout).not.toContain(clinicB);
  });

  it('dlq show prints metadata, and fails with dlq.not_found for an unknown one', async () => {
    const shown = await carebus(['dlq', 'show', dlqTopic, '0', '1'], tokens.operator);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ offset: '1', originalTopic: topic, clinicId: clinicA });
    expect(shown.stdout).not.toContain('payloadBase64');

    const missing = await carebus(['dlq', 'show', dlqTopic, '0', '99'], tokens.operator);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('dlq.not_found');
  });

  it('says what is missing when the server refuses break-glass for want of scope or reason', async () => {
    const noScope = await carebus(
      ['dlq', 'show', dlqTopic, '0', '1', '--payload', '--reason', 'INC-12: reminders stuck'],
      tokens.operator,
    );
    expect(noScope.code).toBe(1);
    expect(noScope.stderr).toContain('refused by the server (403 dead_letters.payload_scope_required)');
    expect(noScope.stderr).toContain('carebus:dead-letters:payload');

    const noReason = await carebus(['dlq', 'replay', dlqTopic, '0', '1'], tokens.glass);
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toContain('403 dead_letters.break_glass_reason_required');
    expect(noReason.stderr).toContain('--reason');

    const noToken = await carebus(['dlq', 'list']);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('CAREBUS_TOKEN');
  });

  it('shows the payload with --payload and --reason, sends the reason as the header, and it is audited', async () => {
    const reason = 'INC-12: påminnelser sitter fast';
    const shown = await carebus(
      ['dlq', 'show', dlqTopic, '0', '2', '--payload', '--reason', reason],
      tokens.glass,
    );

    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      key: 'b0',
      clinicId: clinicB,
      payloadBase64: expect.any(String),
    });
    const db = new Client({ connectionString: svc.db.url() });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT clinic_id::text AS clinic_id, action, outcome, reason FROM messaging.audit_log WHERE subject = 'cli-ops-glass'`,
      );
      expect(rows).toContainEqual({
        clinic_id: clinicB,
        action: 'dead_letter.read_payload',
        outcome: 'allowed',
        reason,
      });
    } finally {
      await db.end();
    }
  });

  it('exits 2 with the usage on bad usage', async () => {
    const { code, stderr } = await carebus(['dlq', 'list', '--limit', 'lots'], tokens.operator);

    expect(code).toBe(2);
    expect(stderr).toContain('--limit must be');
    expect(stderr).toContain('Usage: npm run carebus');
  });
});
