import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { TOPICS } from '@carebus/contracts';
import {
  createKafkaClient,
  idempotentProducer,
  kafkaSecurityFromEnv,
  logLevel,
  type Kafka,
  type KafkaSecurity,
} from '@carebus/kafka';
import { createTopics, infraFromEnv, newTopicSuffix, repoRoot, testKafka } from '@carebus/testing';

// The broker's side of deploy/kafka/acls.json, over the real SASL_SSL listener: who may not
// connect, and what a service's principal may not do. Every refusal must come back as the
// broker's answer (an authentication or authorization error), not as a timeout.
const infra = infraFromEnv();
const describeSecured = infra.kafkaSecurity.sasl ? describe : describe.skip;

/** A principal's TLS and SCRAM settings, as kafka.sh hands them to local clients. */
function principal(user: string): KafkaSecurity {
  const lines = execFileSync('bash', [join(repoRoot(), 'deploy/local/kafka.sh'), 'client-env', user], {
    encoding: 'utf8',
  });
  const env = Object.fromEntries(
    lines
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return kafkaSecurityFromEnv(env);
}

function client(security: KafkaSecurity, clientId = `acl-test-${newTopicSuffix()}`): Kafka {
  return createKafkaClient({
    clientId,
    brokers: infra.kafkaBrokers,
    security,
    connectionTimeout: 5_000,
    requestTimeout: 10_000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
}

/** The error `work` fails with, and how long it took: a refusal is an answer, so it is quick. */
async function refusal(
  work: () => Promise<unknown>,
): Promise<{ error: Error & { type?: string }; ms: number }> {
  const started = Date.now();
  try {
    await work();
  } catch (error) {
    return { error: error as Error & { type?: string }, ms: Date.now() - started };
  }
  throw new Error('expected the broker to refuse');
}

/** A consumer's first error: from subscribe, or the crash of its run loop (join, fetch). */
async function consumerRefusal(kafka: Kafka, groupId: string, topic: string) {
  const consumer = kafka.consumer({ groupId, retry: { retries: 0 }, allowAutoTopicCreation: false });
  try {
    return await refusal(async () => {
      await consumer.connect();
      const crashed = new Promise<never>((_, reject) =>
        consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error)),
      );
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({ eachMessage: async () => undefined });
      await Promise.race([crashed, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

const notTimedOut = (error: Error) => expect(error.name).not.toMatch(/Timeout/);

describeSecured('Kafka principals and ACLs (deploy/kafka/acls.json) on the SASL_SSL broker', () => {
  beforeAll(async () => {
    await createTopics(testKafka(), [TOPICS.schedulingAppointment, TOPICS.ehrSyncAppointment], 3);
  }, 60_000);

  it('refuses a client without credentials', async () => {
    const admin = client({
      tls: true,
      ...(infra.kafkaSecurity.caFile ? { caFile: infra.kafkaSecurity.caFile } : {}),
    }).admin();
    const { error, ms } = await refusal(async () => {
      await admin.connect();
      await admin.listTopics();
    });
    notTimedOut(error);
    // The SASL_SSL listener answers nothing but the SASL handshake: it closes the connection.
    expect(error.name).toBe('KafkaJSConnectionClosedError');
    expect(ms).toBeLessThan(10_000);
    await admin.disconnect().catch(() => undefined);
  });

  it('refuses a wrong password as an authentication error', async () => {
    const right = principal('notifications');
    const admin = client({ ...right, sasl: { ...right.sasl!, password: 'not-the-password' } }).admin();
    const { error, ms } = await refusal(() => admin.connect());
    expect(error.name).toBe('KafkaJSSASLAuthenticationError');
    expect(ms).toBeLessThan(10_000);
  });

  it('lets the notifications principal connect and see only its topics', async () => {
    const admin = client(principal('notifications')).admin();
    await admin.connect();
    try {
      const visible = await admin.listTopics();
      expect(visible).toContain(TOPICS.schedulingAppointment);
      expect(visible).not.toContain(TOPICS.ehrSyncAppointment);
    } finally {
      await admin.disconnect();
    }
  });

  it('refuses the notifications principal producing to scheduling.appointment.v1', async () => {
    const producer = idempotentProducer(client(principal('notifications')), { retry: { retries: 1 } });
    try {
      const { error } = await refusal(async () => {
        await producer.connect();
        await producer.send({ topic: TOPICS.schedulingAppointment, acks: -1, messages: [{ value: 'x' }] });
      });
      notTimedOut(error);
      expect(error.type).toBe('TOPIC_AUTHORIZATION_FAILED');
    } finally {
      await producer.disconnect().catch(() => undefined);
    }
  });

  it('refuses the notifications principal reading ehrsync.appointment.v1, even in its own group', async () => {
    const { error } = await consumerRefusal(
      client(principal('notifications')),
      'notifications',
      TOPICS.ehrSyncAppointment,
    );
    notTimedOut(error);
    expect(error.type).toBe('TOPIC_AUTHORIZATION_FAILED');
  }, 40_000);

  it("refuses the scheduling principal joining notifications' group", async () => {
    const { error } = await consumerRefusal(
      client(principal('scheduling')),
      'notifications',
      TOPICS.ehrSyncAppointment,
    );
    notTimedOut(error);
    expect(error.type).toBe('GROUP_AUTHORIZATION_FAILED');
  }, 40_000);

  it("refuses the test principal joining a service's own group", async () => {
    const { error } = await consumerRefusal(testKafka(), 'scheduling', TOPICS.ehrSyncAppointment);
    notTimedOut(error);
    expect(error.type).toBe('GROUP_AUTHORIZATION_FAILED');
  }, 40_000);
});
