import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Partitioners } from '@carebus/kafka';
import {
  createTopics,
  testKafkaEnv,
  newClinicId,
  newTopicSuffix,
  repoRoot,
  testKafka,
} from '@carebus/testing';
import { encodeEnvelopeHeaders, encodeEventPayload, EVENTS } from '@carebus/contracts';
import { writeFailureHeaders } from '@carebus/messaging-kafka';

const CLI = join(repoRoot(), 'tools/carebus-cli/dist/main.js');

async function carebus(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, ...testKafkaEnv() };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
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
  const suffix = newTopicSuffix();
  const topic = `testing.sequence.${suffix}`;
  const group = `cli-${suffix}`;
  const dlqTopic = `${topic}.${group}.dlq`;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npx tsc -b tools/carebus-cli first`);
    const kafka = testKafka();
    await createTopics(kafka, [topic, dlqTopic], 1);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const clinicId = newClinicId();
    await producer.send({
      topic: dlqTopic,
      messages: ['a0', 'a1'].map((key) => deadLetter(topic, group, key, clinicId)),
    });
    await producer.disconnect();
  });

  it('dlq list --json prints the dead letters as a JSON array', async () => {
    const { code, stdout } = await carebus(['dlq', 'list', '--topic', topic, '--json']);

    expect(code).toBe(0);
    const letters = JSON.parse(stdout);
    expect(Array.isArray(letters)).toBe(true);
    expect(letters.map((l: { key: string; dlqTopic: string }) => [l.key, l.dlqTopic])).toEqual([
      ['a0', dlqTopic],
      ['a1', dlqTopic],
    ]);
  });

  it('dlq show prints one dead letter, and fails with dlq.not_found for an unknown one', async () => {
    const shown = await carebus(['dlq', 'show', dlqTopic, '0', '1']);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ key: 'a1', originalTopic: topic });

    const missing = await carebus(['dlq', 'show', dlqTopic, '0', '99']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('dlq.not_found');
  });

  it('exits 2 with the usage on bad usage', async () => {
    const { code, stderr } = await carebus(['dlq', 'list', '--limit', 'lots']);

    expect(code).toBe(2);
    expect(stderr).toContain('--limit must be');
    expect(stderr).toContain('Usage: npm run carebus');
  });
});
