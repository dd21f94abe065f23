import { randomBytes } from 'node:crypto';
import { SekCache } from './sek-cache';

describe('SekCache', () => {
  let now = 0;
  const cache = new SekCache(1_000, () => now);

  it('keeps a key for its time, per key id, and forgets it on demand', () => {
    const sek = randomBytes(32);
    cache.put('c1', 'k1', sek);
    expect(cache.get('c1', 'k1')).toEqual(sek);
    expect(cache.get('c1', 'k2')).toBeUndefined(); // replaced elsewhere: a new key id
    expect(cache.get('c1', 'k1')).toBeUndefined();
    cache.put('c1', 'k1', randomBytes(32));
    now += 1_000;
    expect(cache.get('c1', 'k1')).toBeUndefined();
    cache.put('c2', 'k1', randomBytes(32));
    cache.forget('c2');
    expect(cache.get('c2', 'k1')).toBeUndefined();
  });

  it('zeroes a key it forgets and sweeps expired ones', () => {
    const sek = randomBytes(32);
    cache.put('c3', 'k', sek);
    now += 5_000;
    cache.sweep();
    expect(sek.equals(Buffer.alloc(32))).toBe(true);
  });
});
