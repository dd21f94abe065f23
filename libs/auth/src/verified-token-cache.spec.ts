import type { Principal } from './principal';
import { VerifiedTokenCache } from './verified-token-cache';

const principal = (subject: string): Principal => ({
  subject,
  clinicId: null,
  roles: ['staff'],
  scopes: ['appointments:read'],
});

describe('VerifiedTokenCache', () => {
  it('keeps a principal until the token expires', () => {
    const cache = new VerifiedTokenCache(10, 60_000);
    cache.set('t', principal('a'), 10_000, 0);
    expect(cache.get('t', 9_999)?.subject).toBe('a');
    expect(cache.get('t', 10_000)).toBeUndefined();
  });

  it('keeps it no longer than its maximum age, even when the token lives longer', () => {
    const cache = new VerifiedTokenCache(10, 60_000);
    cache.set('t', principal('a'), 3_600_000, 1_000);
    expect(cache.get('t', 60_999)?.subject).toBe('a');
    expect(cache.get('t', 61_000)).toBeUndefined();
  });

  it('drops the oldest entry when full', () => {
    const cache = new VerifiedTokenCache(2, 60_000);
    cache.set('a', principal('a'), 50_000, 0);
    cache.set('b', principal('b'), 50_000, 0);
    cache.set('c', principal('c'), 50_000, 0);
    expect(cache.size).toBe(2);
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('c', 1)?.subject).toBe('c');
  });

  it('hands out copies, so one request cannot change what the next one gets', () => {
    const cache = new VerifiedTokenCache(10, 60_000);
    cache.set('t', principal('a'), 50_000, 0);
    cache.get('t', 1)!.roles.push('operator');
    expect(cache.get('t', 2)!.roles).toEqual(['staff']);
  });

  it('remembers nothing when turned off', () => {
    const cache = new VerifiedTokenCache(10, 0);
    cache.set('t', principal('a'), 50_000, 0);
    expect(cache.get('t', 1)).toBeUndefined();
  });
});
