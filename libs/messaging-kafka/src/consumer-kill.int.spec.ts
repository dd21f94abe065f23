import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Partitioners, type Message } from '@carebus/kafka';
import { newClinicId, repoRoot, testKafkaEnv, waitFor } from '@carebus/testing';
import { sequenceReport } from './testing/sequence-effects';
import { sequencedMessage } from './testing/sequenced-messages';
import { useConsumerTestBed } from '../test/consumer-test-bed';

const AGGREGATES = 120;
const EVENTS_PER_AGGREGATE = 50;
const TOTAL = AGGREGATES * EVENTS_PER_AGGREGATE;
const KILLS = 10;
const SCRIPT = join(repoRoot(), 'libs/messaging-kafka/dist/testing/sequence-consumer.js');

/** One consumer process; counts the redeliveries its inbox suppressed from its stdout. */
class ConsumerProcess {
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;
  duplicates = 0;
  private readonly stderr: string[] = [];
  private readonly child: ChildProcess;

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [SCRIPT], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.ready = new Promise((resolve, reject) => {
      createInterface({ input: this.child.stdout! }).on('line', (line) => {
        if (line === 'ready') resolve();
        if (line === 'duplicate') this.duplicates++;
      });
      this.exited.then((code) =>
        reject(new Error(`consumer exited (${code}) before ready: ${this.stderr.join('')}`)),
      );
    });
    this.child.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    this.child.kill(signal);
    await this.exited;
  }
}

describe('consumer killed with SIGKILL', () => {
  const testBed = useConsumerTestBed();

  beforeAll(() => {
    if (!existsSync(SCRIPT))
      throw new Error(`${SCRIPT} is missing: run npx tsc -b libs/messaging-kafka first`);
  });

  it('applies every event exactly once across kills and restarts', async () => {
    const { db, dataSource, scenario } = testBed();
    const { topic, group, schema } = await scenario('kill', 6);
    await produceSequences(topic);
    const env = {
      ...testKafkaEnv(),
      DATABASE_URL: db.url(),
      CONSUMER_SCHEMA: schema,
      CONSUMER_TOPIC: topic,
      CONSUMER_GROUP: group,
    };
    const applied = async () => (await sequenceReport(dataSource.manager, schema)).applied;
    const started = Date.now();
    let duplicatesSuppressed = 0;
    let kills = 0;
    const killedAt: number[] = [];

    while (kills < KILLS) {
      const consumer = new ConsumerProcess(env);
      await consumer.ready;
      // A random amount of progress, then kill -9 in the middle of whatever batch is running.
      const target = Math.min((await applied()) + randomInt(1, 400), TOTAL - 1);
      await waitFor(async () => (await applied()) >= target, {
        intervalMs: 5,
        timeoutMs: 30_000,
        what: `${target} applied`,
      });
      await consumer.kill('SIGKILL');
      kills++;
      killedAt.push(await applied());
      duplicatesSuppressed += consumer.duplicates;
    }
    const last = new ConsumerProcess(env);
    await last.ready;
    await waitFor(async () => (await applied()) >= TOTAL, { timeoutMs: 60_000, what: `${TOTAL} applied` });
    await last.kill('SIGTERM');
    duplicatesSuppressed += last.duplicates;

    const report = await sequenceReport(dataSource.manager, schema);
    const [counters] = await dataSource.query(
      `SELECT count(*) FILTER (WHERE applied <> $1)::int AS wrong, count(*)::int AS total FROM ${schema}.sequence_counters`,
      [EVENTS_PER_AGGREGATE],
    );
    console.log(
      `kill test: ${TOTAL} events over ${AGGREGATES} aggregates, ${kills} kill -9s (applied at each kill: ` +
        `${killedAt.join(', ')}), ${duplicatesSuppressed} redeliveries suppressed by the inbox, ` +
        `${report.duplicates} effects applied twice, ${TOTAL - report.applied} missing, ` +
        `${report.outOfOrder} out of order, ${Math.round((Date.now() - started) / 1000)} s`,
    );
    expect(kills).toBe(KILLS);
    expect(report).toEqual({ applied: TOTAL, aggregates: AGGREGATES, duplicates: 0, outOfOrder: 0 });
    expect(counters).toEqual({ wrong: 0, total: AGGREGATES });
  }, 240_000);

  async function produceSequences(topic: string): Promise<void> {
    const clinicId = newClinicId();
    const messages: Message[] = [];
    for (let sequence = 1; sequence <= EVENTS_PER_AGGREGATE; sequence++) {
      for (let a = 0; a < AGGREGATES; a++) {
        messages.push(
          sequencedMessage({ aggregateId: `aggregate-${a}`, sequence, clinicId, paddingBytes: 64 }),
        );
      }
    }
    const producer = testBed().kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
    });
    await producer.connect();
    try {
      for (let i = 0; i < messages.length; i += 1000) {
        await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 1000) });
      }
    } finally {
      await producer.disconnect();
    }
  }
});
