import { randomBytes } from 'node:crypto';
import { Partitioners, type IHeaders, type KafkaMessage } from 'kafkajs';
import { createTopics, newTopicSuffix, testKafka, waitFor } from '@carebus/testing';

/**
 * Records of every shape must cross a real broker unchanged, whatever patches/kafkajs+2.2.4.patch
 * changes (it once changed how records were encoded and their headers decoded; the parts are in
 * benchmarks/kafkajs-patch/).
 */
describe('kafkajs record encoding and decoding, over the broker', () => {
  const text = (value: IHeaders[string]) =>
    Array.isArray(value) ? value.map((v) => v.toString('hex')) : value?.toString('hex');

  it('delivers keys, values and headers byte for byte, repeated and oddly named headers included', async () => {
    const kafka = testKafka();
    const topic = `testing.wire.${newTopicSuffix()}`;
    await createTopics(kafka, [topic], 1);
    const binary = Buffer.from([0x00, 0xff, 0x80, 0x7f, 0xc3]);
    const sent: { key: string | null; value: Buffer; headers: IHeaders }[] = [
      { key: 'a', value: Buffer.alloc(0), headers: {} },
      {
        key: null,
        value: Buffer.from('x'),
        headers: { ce_id: 'ø-1', 'Content-Type': 'application/protobuf' },
      },
      // Values and headers around the varint widths (127/128, 16383/16384 bytes) and past the
      // encoder's first buffer (512 bytes), so it has to grow.
      ...[127, 128, 511, 600, 16_383, 16_384, 70_000].map((size) => ({
        key: `size-${size}`,
        value: randomBytes(size),
        headers: { big: 'h'.repeat(size), binary },
      })),
      {
        key: '🦷',
        value: Buffer.from('repeats'),
        headers: {
          ce_type: ['carebus.a.v1', 'carebus.a.v1', 'carebus.b.v1'],
          ['__proto__']: 'not a prototype',
          toString: 'plain header',
          'nøkkel-🦷': 'verdi-🦷',
        },
      },
    ];
    const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: sent });
    await producer.disconnect();

    const received: KafkaMessage[] = [];
    const consumer = kafka.consumer({ groupId: `testing-wire-${newTopicSuffix()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(message) });
    try {
      await waitFor(() => received.length >= sent.length, { what: 'every record back' });
    } finally {
      await consumer.disconnect();
    }

    expect(received.map((m) => m.key?.toString() ?? null)).toEqual(sent.map((s) => s.key));
    for (const [i, message] of received.entries()) {
      const expected = sent[i]!;
      expect(message.value!.equals(expected.value)).toBe(true);
      expect(Object.keys(message.headers!)).toEqual(Object.keys(expected.headers));
      for (const [name, value] of Object.entries(expected.headers)) {
        const toBuffer = (v: string | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(v));
        const asBuffers = Array.isArray(value) ? value.map(toBuffer) : toBuffer(value!);
        expect(text(message.headers![name])).toEqual(text(asBuffers));
      }
    }
    const repeated = received[received.length - 1]!.headers!;
    expect(Object.getPrototypeOf(repeated)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(repeated, '__proto__')).toBe(true);
  });
});
