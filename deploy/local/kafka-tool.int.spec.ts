import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { encodeEnvelopeHeaders, encodeEventPayload, EVENTS } from '@carebus/contracts';
import { idempotentProducer } from '@carebus/kafka';
import {
  createTopics,
  infraFromEnv,
  newClinicId,
  newTopicSuffix,
  repoRoot,
  testKafka,
  testKafkaEnv,
} from '@carebus/testing';

// The commands docs/operations.md gives operators ("Reading events with Kafka's own tools"), run
// as written against the test broker: Kafka's console consumer prints a Carebus event's
// CloudEvents headers, and the consumer-group tool its lag.
const run = promisify(execFile);
const tool = join(repoRoot(), 'deploy/local/kafka-tool.sh');
const kafkaVersion = () =>
  execFileSync('bash', [join(repoRoot(), 'deploy/local/kafka.sh'), 'version'])
    .toString()
    .trim();

// The tools run on this machine's Java from kafka.sh's jars; with the suite's broker in a container
// (testcontainers mode) the machine need not have Java or Maven, so the test does not run there.
const describeLocal = infraFromEnv().mode === 'containers' ? describe.skip : describe;

describeLocal("Kafka's own tools on Carebus events (deploy/local/kafka-tool.sh)", () => {
  const bootstrap = infraFromEnv().kafkaBrokers.join(',');
  const topic = `testing.kafka-tool.${newTopicSuffix()}`;
  const group = `testing-kafka-tool-${newTopicSuffix()}`;
  const clinicId = newClinicId();
  const ids = ['0190a1b2-c3d4-7e5f-8a9b-000000000001', '0190a1b2-c3d4-7e5f-8a9b-000000000002'];

  beforeAll(async () => {
    const kafka = testKafka();
    await createTopics(kafka, [topic], 1);
    const producer = idempotentProducer(kafka);
    await producer.connect();
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: ids.map((id) => ({
          key: id,
          value: Buffer.from(
            encodeEventPayload(EVENTS.appointmentBooked, { appointment: { appointmentId: id, clinicId } }),
          ),
          headers: encodeEnvelopeHeaders({
            id,
            type: EVENTS.appointmentBooked.type,
            source: '/carebus/scheduling',
            time: new Date('2030-03-12T09:30:00Z'),
            subject: `appointment/${id}`,
            clinicId,
            dataContentType: 'application/protobuf',
          }),
        })),
      });
    } finally {
      await producer.disconnect();
    }
    // A group that has handled the first event and not the second: lag 1.
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '1' }] });
    } finally {
      await admin.disconnect();
    }
  });

  it('console-consumer prints each event with its CloudEvents headers', async () => {
    // Kafka 4.2 renamed the formatter's --property (KIP-1147); 3.9 knows only the old name.
    const formatter = /^(3\.|4\.[01]\.)/.test(kafkaVersion()) ? '--property' : '--formatter-property';
    const { stdout } = await run(
      'bash',
      [
        tool,
        'console-consumer',
        ...['--bootstrap-server', bootstrap, '--topic', topic, '--from-beginning'],
        ...[formatter, 'print.headers=true', formatter, 'print.key=true'],
        ...['--value-deserializer', 'org.apache.kafka.common.serialization.BytesDeserializer'],
        ...['--max-messages', '2', '--timeout-ms', '60000'],
      ],
      { timeout: 120_000, env: { ...process.env, ...testKafkaEnv() } },
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const [i, line] of lines.entries()) {
      const [headers, key, value] = line.split('\t');
      expect(headers!.split(',')).toEqual(
        expect.arrayContaining([
          'ce_specversion:1.0',
          `ce_id:${ids[i]}`,
          `ce_type:${EVENTS.appointmentBooked.type}`,
          'ce_source:/carebus/scheduling',
          'ce_time:2030-03-12T09:30:00.000Z',
          `ce_subject:appointment/${ids[i]}`,
          'content-type:application/protobuf',
          `clinicid:${clinicId}`,
        ]),
      );
      expect(key).toBe(ids[i]);
      expect(value).toContain(clinicId); // the protobuf payload, unprintable bytes as \xNN
    }
  }, 150_000);

  it('consumer-groups --describe shows how far a group is behind', async () => {
    const { stdout } = await run(
      'bash',
      [tool, 'consumer-groups', '--bootstrap-server', bootstrap, '--describe', '--group', group],
      { timeout: 120_000, env: { ...process.env, ...testKafkaEnv() } },
    );
    const row = stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .find((columns) => columns[1] === topic);
    // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG …
    expect(row?.slice(0, 6)).toEqual([group, topic, '0', '1', '2', '1']);
  }, 150_000);
});
