import { randomBytes } from 'node:crypto';

// kafkajs's murmur2 (stock since the kafka-client benchmark; a 32-bit integer rewrite was once
// patched in). The key → partition mapping must not move: it is what keeps one aggregate's events
// in one partition, across relay versions and with producers in other languages.
const murmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (
  key: Buffer | string,
) => number;

/** Java's Utils.murmur2 written with BigInts truncated to 32 bits at every step: slow and plain. */
function referenceMurmur2(data: Buffer): number {
  const int = (v: bigint) => BigInt.asIntN(32, v);
  const m = 0x5bd1e995n;
  let h = int(0x9747b28cn ^ BigInt(data.length));
  const whole = data.length - (data.length % 4);
  for (let i = 0; i < whole; i += 4) {
    let k = BigInt(data.readInt32LE(i));
    k = int(k * m);
    k = int(k ^ (BigInt.asUintN(32, k) >> 24n));
    k = int(k * m);
    h = int(int(h * m) ^ k);
  }
  const rest = data.length % 4;
  if (rest >= 3) h = int(h ^ (BigInt(data[whole + 2]!) << 16n));
  if (rest >= 2) h = int(h ^ (BigInt(data[whole + 1]!) << 8n));
  if (rest >= 1) h = int((h ^ BigInt(data[whole]!)) * m);
  h = int(h ^ (BigInt.asUintN(32, h) >> 13n));
  h = int(h * m);
  h = int(h ^ (BigInt.asUintN(32, h) >> 15n));
  return Number(h);
}

describe('kafkajs murmur2, the default partitioner hash', () => {
  it.each([
    // Apache Kafka's own vectors (clients UtilsTest.testMurmur2), and the empty key.
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
    ['', 275646681],
  ])('hashes %p as the Java client does', (key, hash) => {
    expect(murmur2(key)).toBe(hash);
    expect(murmur2(Buffer.from(key))).toBe(hash);
    expect(referenceMurmur2(Buffer.from(key))).toBe(hash);
  });

  it('agrees with the plain reference on 20,000 random keys of every length up to 80 bytes', () => {
    const mismatches: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const bytes = randomBytes(i % 81);
      // Buffers, and strings as the outbox sends them (aggregate ids, UTF-8 encoded by kafkajs).
      const key = i % 2 === 0 ? bytes : `appointment/${bytes.toString('base64')}-ø`;
      const expected = referenceMurmur2(Buffer.isBuffer(key) ? key : Buffer.from(key));
      if (murmur2(key) !== expected) mismatches.push(Buffer.from(key).toString('hex'));
    }
    expect(mismatches).toEqual([]);
  });
});
