// Kafka client: stock kafkajs 2.2.4 (installed beside the patched one as the `kafkajs-stock` npm
// alias) against the patched kafkajs (patches/kafkajs+2.2.4.patch), or against stock kafkajs with one
// part of the patch applied (benchmarks/kafkajs-patch/<part>.patch), each variant in its own series
// of alternating rounds (odd rounds stock first, even rounds the variant first). Phases:
//   encode   the producer's work without the network: partitioning (murmur2), grouping and the
//            Produce v7 request with its record batches, framed as sent
//   produce  an idempotent producer (one request in flight, acks=-1) sending batches with sendBatch
//   consume  a consumer group (eachBatch, no commits) reading the same records from the start; the
//            clock starts when the group is joined, so the join wait is not counted
//   idle     a connected producer doing nothing, CPU ms per second
// Figures: the process's CPU ms (process.cpuUsage, user + system) per 1,000 records and records/s
// per round, the medians, and per round the variant with the lower CPU. Every record is checked:
// the encoded requests are byte-identical to stock's, the produced topic holds exactly N records,
// and the consumer sees each record once, on the partition stock's murmur2 gives its key, in key
// order, with all its headers; a run that fails a check prints no figures.
//
// Usage: npm run bench -- kafka-client [patched | stock-copy | <part> ... | --parts]
//   no argument: patched against stock; stock-copy: a second copy of stock loaded as a variant (the
//   control: it shows how far two identical clients differ); --parts: every part in benchmarks/kafkajs-patch/ against
//   stock, each on the phases its files touch (producer side: encode + produce; the request queue:
//   produce + idle; the record decoder: consume).
// Environment (for a smaller smoke run): KBENCH_RECORDS (200000), KBENCH_ROUNDS (5),
//   KBENCH_BATCH (500), KBENCH_KEYS (200), KBENCH_VALUE_BYTES (300), KBENCH_PARTITIONS (6),
//   KBENCH_IDLE_SECONDS (3), KBENCH_PHASES (comma-separated; overrides the phases of every variant).
import { median } from './statistics';
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type * as KafkaJsModule from 'kafkajs';
import type { Message, PartitionMetadata } from 'kafkajs';
import { infraFromEnv, newTopicSuffix } from '@carebus/testing';
import { machineLine, printTable } from './machine';

type KafkaJs = typeof KafkaJsModule;
type Phase = 'encode' | 'produce' | 'consume' | 'idle';
const ALL_PHASES: Phase[] = ['encode', 'produce', 'consume', 'idle'];

const envInt = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
};
const RECORDS = envInt('KBENCH_RECORDS', 200_000);
const ROUNDS = envInt('KBENCH_ROUNDS', 5);
const BATCH = envInt('KBENCH_BATCH', 500);
const KEYS = envInt('KBENCH_KEYS', 200);
const VALUE_BYTES = Math.max(8, envInt('KBENCH_VALUE_BYTES', 300));
const PARTITIONS = envInt('KBENCH_PARTITIONS', 6);
const IDLE_SECONDS = envInt('KBENCH_IDLE_SECONDS', 3);
const PHASE_OVERRIDE = process.env.KBENCH_PHASES?.split(',').map((p) => p.trim()) as Phase[] | undefined;
if (PHASE_OVERRIDE?.some((p) => !ALL_PHASES.includes(p)))
  throw new Error(`KBENCH_PHASES: one of ${ALL_PHASES}`);
const HEADERS = 10;

const PARTS_DIR = resolve(__dirname, '../kafkajs-patch');
const load = createRequire(__filename);

// ---------------------------------------------------------------------------------------------
// Variants: a directory holding a kafkajs package, loaded by path.

interface Variant {
  name: string;
  dir: string;
  kafkajs: KafkaJs;
  phases: Phase[];
}

interface KafkaJsEncoder {
  buffer: Buffer;
  size(): number;
}
type PartitionerFn = (args: {
  topic: string;
  partitionMetadata: PartitionMetadata[];
  message: Message;
}) => number;
interface ProducerInternals {
  partitioner: PartitionerFn;
  murmur2: (key: string | Buffer) => number;
  groupMessagesPerPartition(args: {
    topic: string;
    partitionMetadata: PartitionMetadata[];
    messages: Message[];
    partitioner: PartitionerFn;
  }): Record<string, Message[]>;
  createTopicData(
    data: { topic: string; partitions: number[]; messagesPerPartition: Record<string, Message[]> }[],
  ): { topic: string; partitions: { partition: number; messages: Message[]; firstSequence?: number }[] }[];
  produceV7(args: {
    acks: number;
    timeout: number;
    compression: number;
    topicData: unknown;
    transactionalId?: string;
    producerId: unknown;
    producerEpoch: number;
  }): { apiKey: number; apiVersion: number; encode(): Promise<KafkaJsEncoder> };
  frame(args: { correlationId: number; clientId: string; request: unknown }): Promise<KafkaJsEncoder>;
  producerId: unknown;
}

function internals(dir: string): ProducerInternals {
  const kafkajs = load(dir) as KafkaJs;
  const src = (path: string): unknown => load(join(dir, 'src', path));
  const long = src('utils/long') as { fromInt(n: number): unknown };
  return {
    partitioner: kafkajs.Partitioners.DefaultPartitioner() as unknown as PartitionerFn,
    murmur2: src('producer/partitioners/default/murmur2') as ProducerInternals['murmur2'],
    groupMessagesPerPartition: src(
      'producer/groupMessagesPerPartition',
    ) as ProducerInternals['groupMessagesPerPartition'],
    createTopicData: src('producer/createTopicData') as ProducerInternals['createTopicData'],
    produceV7: src('protocol/requests/produce/v7/request') as ProducerInternals['produceV7'],
    frame: src('protocol/request') as ProducerInternals['frame'],
    producerId: long.fromInt(4242),
  };
}

/** The files (relative to the package) a part's patch changes. */
function partFiles(part: string): string[] {
  const text = execFileSync('git', ['apply', '--numstat', join(PARTS_DIR, `${part}.patch`)], {
    encoding: 'utf8',
  });
  return text
    .trim()
    .split('\n')
    .map((line) => line.split('\t')[2]!.replace(/^node_modules\/kafkajs\//, ''));
}

function phasesOfPart(part: string): Phase[] {
  const files = partFiles(part);
  if (files.some((f) => f.startsWith('src/network/'))) return ['produce', 'idle'];
  if (files.some((f) => f.endsWith('decoder.js'))) return ['consume'];
  return ['encode', 'produce'];
}

/** A copy of stock kafkajs with one part applied; fails if the part does not apply to stock. */
function buildPartVariant(stockDir: string, root: string, part: string): string {
  const base = join(root, part);
  mkdirSync(join(base, 'node_modules'), { recursive: true });
  cpSync(stockDir, join(base, 'node_modules', 'kafkajs'), { recursive: true });
  execFileSync('git', ['apply', '-p1', join(PARTS_DIR, `${part}.patch`)], { cwd: base, stdio: 'pipe' });
  return join(base, 'node_modules', 'kafkajs');
}

/** A second copy of stock, loaded as a variant: the control, against which stock should win about half the rounds. */
function copyOfStock(stockDir: string, root: string): string {
  const dir = join(root, 'stock-copy', 'node_modules', 'kafkajs');
  cpSync(stockDir, dir, { recursive: true });
  return dir;
}

/** Whether a part is in a kafkajs tree (its patch reverses cleanly on a copy of it). */
function partPresent(dir: string, root: string, part: string): boolean {
  const base = join(root, `check-${newTopicSuffix()}`);
  mkdirSync(join(base, 'node_modules'), { recursive: true });
  cpSync(dir, join(base, 'node_modules', 'kafkajs'), { recursive: true });
  try {
    execFileSync('git', ['apply', '--check', '-R', '-p1', join(PARTS_DIR, `${part}.patch`)], {
      cwd: base,
      stdio: 'pipe',
    });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Records: N records of VALUE_BYTES, KEYS keys, ten CloudEvents-style headers. The value carries
// the record's index (bytes 0–3) and key number (bytes 4–5) for the consumer's checks.

const keys = Array.from({ length: KEYS }, () => randomUUID());
const clinicId = randomUUID();

function makeRecords(): Message[] {
  const values = Buffer.alloc(RECORDS * VALUE_BYTES, 0x61);
  const records: Message[] = [];
  for (let i = 0; i < RECORDS; i++) {
    const k = i % KEYS;
    const value = values.subarray(i * VALUE_BYTES, (i + 1) * VALUE_BYTES);
    value.writeUInt32BE(i, 0);
    value.writeUInt16BE(k, 4);
    const id = randomUUID();
    records.push({
      key: keys[k]!,
      value,
      headers: {
        ce_id: id,
        ce_type: 'no.carebus.scheduling.appointment.booked.v1',
        ce_source: '/carebus/scheduling',
        ce_time: new Date(1_780_000_000_000 + i).toISOString(),
        ce_subject: `appointment/${keys[k]!}`,
        ce_specversion: '1.0',
        traceparent: `00-${id.replace(/-/g, '')}-${id.slice(0, 8)}${id.slice(9, 13)}${id.slice(14, 18)}-01`,
        clinicid: clinicId,
        'content-type': 'application/protobuf',
        ce_dataschema: 'https://schemas.carebus.no/scheduling/v1/appointment-booked.proto',
      },
    });
  }
  return records;
}

// ---------------------------------------------------------------------------------------------
// Phases. Each returns the CPU ms and the wall seconds it took.

interface Measure {
  cpuMs: number;
  seconds: number;
}

function measureStart(): () => Measure {
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  return () => {
    const used = process.cpuUsage(cpu);
    return { cpuMs: (used.user + used.system) / 1000, seconds: Number(process.hrtime.bigint() - wall) / 1e9 };
  };
}

const partitionMetadata: PartitionMetadata[] = Array.from({ length: PARTITIONS }, (_, partition) => ({
  partitionErrorCode: 0,
  partitionId: partition,
  leader: 1,
  replicas: [1],
  isr: [1],
  offlineReplicas: [],
}));

/** The producer's encoding of `records` in batches; returns the framed request of each batch. */
async function encodeAll(p: ProducerInternals, records: Message[], keep: boolean): Promise<Buffer[]> {
  const topic = 'bench.kafka-client.encode';
  const sequences = new Map<number, number>();
  const out: Buffer[] = [];
  let correlationId = 0;
  for (let start = 0; start < records.length; start += BATCH) {
    const messages = records.slice(start, start + BATCH);
    const messagesPerPartition = p.groupMessagesPerPartition({
      topic,
      partitionMetadata,
      messages,
      partitioner: p.partitioner,
    });
    const topicData = p.createTopicData([
      { topic, partitions: Object.keys(messagesPerPartition).map(Number), messagesPerPartition },
    ]);
    for (const entry of topicData[0]!.partitions) {
      entry.firstSequence = sequences.get(entry.partition) ?? 0;
      sequences.set(entry.partition, entry.firstSequence + entry.messages.length);
    }
    const request = p.produceV7({
      acks: -1,
      timeout: 30_000,
      compression: 0,
      topicData,
      producerId: p.producerId,
      producerEpoch: 0,
    });
    const framed = await p.frame({ correlationId: correlationId++, clientId: 'bench-kafka-client', request });
    const bytes = framed.buffer;
    if (bytes.length < messages.length * VALUE_BYTES)
      throw new Error('encoded request shorter than its values');
    if (keep) out.push(bytes);
  }
  return out;
}

async function encodePhase(v: Variant): Promise<Measure> {
  const p = internals(v.dir);
  const done = measureStart();
  await encodeAll(p, allRecords, false);
  return done();
}

function client(v: Variant, clientId: string): KafkaJsModule.Kafka {
  return new v.kafkajs.Kafka({
    clientId,
    brokers: infraFromEnv().kafkaBrokers,
    logLevel: v.kafkajs.logLevel.NOTHING,
  });
}

/**
 * An admin client connected for one call only: a connected kafkajs client costs CPU while it idles
 * (stock's request queue re-arms a 1 ms timer), which would count against whichever phase runs.
 */
async function withAdmin<T>(call: (admin: KafkaJsModule.Admin) => Promise<T>): Promise<T> {
  const admin = adminKafka!.admin();
  await admin.connect();
  try {
    return await call(admin);
  } finally {
    await admin.disconnect();
  }
}

async function producePhase(v: Variant, topic: string): Promise<Measure> {
  await withAdmin((admin) =>
    admin.createTopics({
      topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
      waitForLeaders: true,
    }),
  );
  const producer = client(v, `bench-kafka-client-${v.name}`).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: v.kafkajs.Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const done = measureStart();
  for (let start = 0; start < RECORDS; start += BATCH) {
    await producer.sendBatch({
      acks: -1,
      topicMessages: [{ topic, messages: allRecords.slice(start, start + BATCH) }],
    });
  }
  const measure = done();
  await producer.disconnect();
  const offsets = await withAdmin((admin) => admin.fetchTopicOffsets(topic));
  const total = offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
  if (total !== RECORDS) throw new Error(`${v.name}: ${topic} holds ${total} records, ${RECORDS} were sent`);
  return measure;
}

async function consumePhase(v: Variant, topic: string): Promise<Measure> {
  const consumer = client(v, `bench-kafka-client-${v.name}`).consumer({
    groupId: `bench.kafka-client.${v.name}.${newTopicSuffix()}`,
  });
  const seen = new Uint8Array(RECORDS);
  const lastByKey = new Int32Array(KEYS).fill(-1);
  let count = 0;
  let failure: Error | undefined;
  let done: (() => Measure) | undefined;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    done ??= measureStart();
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let finished!: () => void;
  const all = new Promise<void>((resolveAll) => (finished = resolveAll));
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        const value = m.value!;
        const index = value.readUInt32BE(0);
        const k = value.readUInt16BE(4);
        const headerCount = m.headers ? Object.keys(m.headers).length : 0;
        if (
          index >= RECORDS ||
          seen[index] ||
          batch.partition !== expectedPartition[k] ||
          index <= lastByKey[k]! ||
          headerCount !== HEADERS ||
          m.headers?.ce_specversion?.toString() !== '1.0'
        ) {
          failure ??= new Error(
            `${v.name}: record ${index} (key ${k}) on partition ${batch.partition}, seen ${seen[index]}, ` +
              `last of its key ${lastByKey[k]}, ${headerCount} headers`,
          );
        }
        seen[index] = 1;
        lastByKey[k] = index;
        count++;
      }
      if (count >= RECORDS || failure) finished();
    },
  });
  const timeout = setTimeout(() => {
    failure ??= new Error(`${v.name}: ${count} of ${RECORDS} records consumed in 10 minutes`);
    finished();
  }, 600_000);
  await all;
  clearTimeout(timeout);
  const measure = done!();
  await consumer.disconnect();
  if (failure) throw failure;
  if (count !== RECORDS || seen.some((s) => s !== 1))
    throw new Error(`${v.name}: ${count} of ${RECORDS} consumed`);
  return measure;
}

async function idlePhase(v: Variant): Promise<Measure> {
  const producer = client(v, `bench-kafka-client-idle-${v.name}`).producer({
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  await sleep(200);
  const done = measureStart();
  await sleep(IDLE_SECONDS * 1000);
  const measure = done();
  await producer.disconnect();
  return measure;
}

// ---------------------------------------------------------------------------------------------

let adminKafka: KafkaJsModule.Kafka | undefined;
let allRecords: Message[] = [];
let expectedPartition: number[] = [];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const parts = readdirSync(PARTS_DIR)
    .filter((f) => f.endsWith('.patch'))
    .map((f) => f.replace(/\.patch$/, ''))
    .sort();
  const names = args.includes('--parts') ? parts : args.length ? args : ['patched'];
  for (const n of names) {
    if (n !== 'patched' && n !== 'stock-copy' && !parts.includes(n)) {
      throw new Error(`unknown variant ${n}: patched, stock-copy or one of ${parts}`);
    }
  }

  const stockDir = dirname(load.resolve('kafkajs-stock/package.json'));
  const patchedDir = dirname(load.resolve('kafkajs/package.json'));
  const root = mkdtempSync(join(tmpdir(), 'carebus-kafka-client-'));
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));

  // Stock is stock: no part of the patch is in it (each part applies to it, checked as it is built).
  for (const part of parts) {
    if (partPresent(stockDir, root, part))
      throw new Error(`kafkajs-stock carries the part ${part}: not stock`);
  }
  const shipped = parts.filter((part) => partPresent(patchedDir, root, part));
  process.stdout.write(
    `patches/kafkajs+2.2.4.patch (installed kafkajs) holds: ${shipped.join(', ') || 'nothing'}\n`,
  );

  const variantOf = (name: string, dir: string): Variant => ({
    name,
    dir,
    kafkajs: load(dir) as KafkaJs,
    phases: PHASE_OVERRIDE ?? (parts.includes(name) ? phasesOfPart(name) : ALL_PHASES),
  });
  const stock = variantOf('stock', stockDir);
  const variants = names.map((n) =>
    variantOf(
      n,
      n === 'patched'
        ? patchedDir
        : n === 'stock-copy'
          ? copyOfStock(stockDir, root)
          : buildPartVariant(stockDir, root, n),
    ),
  );

  allRecords = makeRecords();
  const stockInternals = internals(stockDir);
  expectedPartition = keys.map((k) => (stockInternals.murmur2(k) & 0x7fffffff) % PARTITIONS);

  // The encoding of every variant is byte for byte stock's (a fixed timestamp for the comparison).
  const sample = allRecords
    .slice(0, Math.min(RECORDS, 5 * BATCH))
    .map((m) => ({ ...m, timestamp: '1780000000000' }));
  const digest = async (dir: string) => {
    const hash = createHash('sha256');
    for (const b of await encodeAll(internals(dir), sample, true)) hash.update(b);
    return hash.digest('hex');
  };
  const stockDigest = await digest(stockDir);
  for (const v of variants) {
    if ((await digest(v.dir)) !== stockDigest)
      throw new Error(`${v.name}: encoded requests differ from stock's`);
  }

  process.stdout.write(
    `kafka-client — ${machineLine({
      records: RECORDS,
      valueBytes: VALUE_BYTES,
      headers: HEADERS,
      keys: KEYS,
      batch: BATCH,
      partitions: PARTITIONS,
      rounds: ROUNDS,
      acks: -1,
      idempotent: 'true',
      idleSeconds: IDLE_SECONDS,
    })}\n`,
  );
  // Each variant's tables as soon as its rounds are done; the summary of all at the end.
  const summary: Record<string, string | number>[] = [];
  const report = (v: Variant) => {
    for (const phase of v.phases) {
      const rows = results.filter((r) => r.variant === v.name && r.phase === phase);
      const per = (m: Measure) => (phase === 'idle' ? m.cpuMs / m.seconds : (m.cpuMs * 1000) / RECORDS);
      const rate = (m: Measure) => (phase === 'idle' ? '-' : (RECORDS / m.seconds).toFixed(0));
      const unit = phase === 'idle' ? 'CPU ms/s' : 'CPU ms/1k';
      const wins = rows.filter((r) => per(r.other) < per(r.stock)).length;
      const table: Record<string, string | number>[] = rows.map((r) => ({
        round: r.round,
        first: r.round % 2 === 1 ? 'stock' : v.name,
        [`stock ${unit}`]: per(r.stock).toFixed(2),
        [`${v.name} ${unit}`]: per(r.other).toFixed(2),
        'stock rec/s': rate(r.stock),
        [`${v.name} rec/s`]: rate(r.other),
        'lower CPU': per(r.other) < per(r.stock) ? v.name : 'stock',
      }));
      const med = (pick: (r: (typeof rows)[number]) => Measure, f: (m: Measure) => number) =>
        median(rows.map((r) => f(pick(r))));
      table.push({
        round: 'median',
        first: '',
        [`stock ${unit}`]: med((r) => r.stock, per).toFixed(2),
        [`${v.name} ${unit}`]: med((r) => r.other, per).toFixed(2),
        'stock rec/s':
          phase === 'idle'
            ? '-'
            : med(
                (r) => r.stock,
                (m) => RECORDS / m.seconds,
              ).toFixed(0),
        [`${v.name} rec/s`]:
          phase === 'idle'
            ? '-'
            : med(
                (r) => r.other,
                (m) => RECORDS / m.seconds,
              ).toFixed(0),
        'lower CPU': `${v.name} in ${wins} of ${rows.length}`,
      });
      printTable(`${v.name} against stock: ${phase}`, table);
      summary.push({
        variant: v.name,
        phase,
        unit,
        'stock median': med((r) => r.stock, per).toFixed(2),
        'variant median': med((r) => r.other, per).toFixed(2),
        'variant lower in': `${wins} of ${rows.length}`,
        verdict: wins >= Math.ceil((rows.length * 4) / 5) ? 'wins' : 'does not win',
      });
    }
  };

  adminKafka = client(stock, 'bench-kafka-client-admin');
  const created: string[] = [];
  const prefix = `bench.kafka-client.${newTopicSuffix()}`;
  const results: { variant: string; phase: Phase; round: number; stock: Measure; other: Measure }[] = [];
  try {
    for (const v of variants) {
      for (let round = 1; round <= ROUNDS; round++) {
        const order = round % 2 === 1 ? [stock, v] : [v, stock];
        const got = new Map<string, Partial<Record<Phase, Measure>>>([
          ['stock', {}],
          [v.name, {}],
        ]);
        const put = (side: Variant, phase: Phase, m: Measure) => (got.get(side.name)![phase] = m);
        let roundTopic: string | undefined;
        if (v.phases.includes('encode'))
          for (const side of order) put(side, 'encode', await encodePhase(side));
        if (v.phases.includes('produce')) {
          for (const side of order) {
            const topic = `${prefix}.${v.name}.r${round}.${side.name === 'stock' ? 'stock' : 'variant'}`;
            created.push(topic);
            put(side, 'produce', await producePhase(side, topic));
            if (side === stock) roundTopic = topic;
          }
        }
        if (v.phases.includes('consume')) {
          if (!roundTopic) {
            roundTopic = `${prefix}.${v.name}.r${round}.stock`;
            created.push(roundTopic);
            await producePhase(stock, roundTopic);
          }
          for (const side of order) put(side, 'consume', await consumePhase(side, roundTopic));
        }
        if (v.phases.includes('idle')) for (const side of order) put(side, 'idle', await idlePhase(side));
        for (const phase of v.phases) {
          results.push({
            variant: v.name,
            phase,
            round,
            stock: got.get('stock')![phase]!,
            other: got.get(v.name)![phase]!,
          });
        }
        const dropped = created.splice(0);
        if (dropped.length) await withAdmin((admin) => admin.deleteTopics({ topics: dropped }));
        process.stderr.write(`[kafka-client] ${v.name} round ${round}/${ROUNDS} done\n`);
      }
      report(v);
    }
  } finally {
    if (created.length)
      await withAdmin((admin) => admin.deleteTopics({ topics: created })).catch(() => undefined);
  }

  printTable('summary (wins: lower CPU than stock in at least 4 of 5 rounds)', summary);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
