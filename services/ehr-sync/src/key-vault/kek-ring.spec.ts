import { randomBytes } from 'node:crypto';
import { KekRing, kekListProblems } from './kek-ring';

const k = () => randomBytes(32).toString('base64');

describe('KekRing', () => {
  it('parses versions and takes the named one as active', () => {
    const ring = KekRing.parse(`v1:${k()}, v2:${k()}`, 'v2');
    expect(ring.versions).toEqual(['v1', 'v2']);
    expect(ring.active.version).toBe('v2');
    expect(ring.get('v1')?.key).toHaveLength(32);
    expect(ring.get('v3')).toBeUndefined();
  });

  it('takes the only version as active when none is named', () => {
    expect(KekRing.parse(`v1:${k()}`, undefined).active.version).toBe('v1');
  });

  it('accepts URL-safe base64 without padding', () => {
    const url = randomBytes(32).toString('base64url');
    expect(KekRing.parse(`a_1:${url}`, undefined).get('a_1')?.key).toEqual(Buffer.from(url, 'base64url'));
  });

  it.each([
    ['', undefined, 'at least one'],
    [`v1:${randomBytes(16).toString('base64')}`, undefined, 'exactly 32 bytes'],
    [`v1:not base64!`, undefined, 'exactly 32 bytes'],
    [k(), undefined, 'version must be'],
    [`v1:${k()},v1:${k()}`, 'v1', 'listed twice'],
    [`v1:${k()},v2:${k()}`, undefined, 'EHR_SYNC_KEK_ACTIVE must name'],
    [`v1:${k()}`, 'v9', 'names v9, which is not listed'],
  ])('refuses %j (active %s) with a message that names the problem', (list, active, says) => {
    const problems = kekListProblems(list, active);
    expect(problems.join('; ')).toContain(says);
  });

  it('never quotes key material in a problem', () => {
    const bad = randomBytes(31).toString('base64');
    expect(kekListProblems(`v1:${bad}`, undefined).join(' ')).not.toContain(bad);
  });
});
