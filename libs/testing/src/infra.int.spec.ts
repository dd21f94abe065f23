import { Client } from 'pg';
import { createTestDatabase } from './test-database';
import { createTopics, testKafka } from './test-kafka';
import { newTopicSuffix } from './test-ids';
import { waitFor } from './wait-for';

describe('shared test infrastructure', () => {
  it('round-trips messages through the real Kafka broker with acks=all and idempotence', async () => {
    const kafka = testKafka();
    const topic = `test.roundtrip.${newTopicSuffix()}`;
    await createTopics(kafka, [topic], 3);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const consumer = kafka.consumer({ groupId: `g-${newTopicSuffix()}` });
    await producer.connect();
    await consumer.connect();
    const received: string[] = [];
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void received.push(String(message.value)) });
      const sent = Array.from({ length: 30 }, (_, i) => `m-${i}`);
      const acks = await producer.send({
        topic,
        acks: -1,
        messages: sent.map((value, i) => ({ key: `k-${i % 5}`, value })),
      });
      expect(acks.every((a) => a.errorCode === 0)).toBe(true);
      await waitFor(() => received.length >= sent.length, { what: '30 messages', timeoutMs: 20_000 });
      expect([...received].sort()).toEqual([...sent].sort());
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  });

  it('gives each test file its own PostgreSQL database with the service schemas and roles', async () => {
    const db = await createTestDatabase();
    try {
      const owner = new Client({ connectionString: db.url('carebus_scheduling') });
      await owner.connect();
      await owner.query('CREATE TABLE scheduling.probe (id int PRIMARY KEY, note text)');
      await owner.end();

      const app = new Client({ connectionString: db.url('carebus_scheduling_app') });
      await app.connect();
      await app.query('INSERT INTO scheduling.probe VALUES (1, $1)', ['hello']);
      const { rows } = await app.query('SELECT note FROM scheduling.probe WHERE id = 1');
      expect(rows).toEqual([{ note: 'hello' }]);
      // The app role owns nothing: it cannot change the schema.
      await expect(app.query('DROP TABLE scheduling.probe')).rejects.toThrow(/must be owner/);
      // ...nor reach another service's schema.
      await expect(app.query('CREATE TABLE messaging.x (id int)')).rejects.toThrow(/permission denied/);
      await app.end();
    } finally {
      await db.drop();
    }
  });
});
