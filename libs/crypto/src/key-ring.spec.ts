import { randomBytes } from 'node:crypto';
import { KeyRing, keyRingProblems } from './key-ring';

const names = { list: 'EHR_SYNC_KEKS', active: 'EHR_SYNC_KEK_ACTIVE' };

const k = () => randomBytes(32).toString('base64');

describe('KeyRing', () => {
  it('parses versions and takes the named one as active', () => {
    const ring = KeyRing.parse(`v1:${k()}, v2:${k()}`, 'v2', names);
    expect(ring.versions).toEqual(['v1', 'v2']);
    expect(ring.active.version).toBe('v2');
    expect(ring.get('v1')?.key).toHaveLength(32);
    expect(ring.get('v3')).toBeUndefined();
  });

  it('takes the only version as active when none is named', () => {
    expect(KeyRing.parse(`v1:${k()}`, undefined, names).active.version).toBe('v1');
  });

  it('accepts URL-safe base64 without padding', () => {
    const url = randomBytes(32).toString('base64url');
    expect(KeyRing.parse(`a_1:${url}`, undefined, names).get('a_1')?.key).toEqual(
      Buffer.from(url, 'base64url'),
    );
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
    const problems = keyRingProblems(list, active, names);
    expect(problems.join('; ')).toContain(says);
  });

  it('names the variables of the ring it reads', () => {
    const other = { list: 'CAREBUS_JOURNAL_NOTE_KEYS', active: 'CAREBUS_JOURNAL_NOTE_KEY_ACTIVE' };
    expect(keyRingProblems(`v1:${k()},v2:${k()}`, undefined, other).join(' ')).toContain(
      'CAREBUS_JOURNAL_NOTE_KEY_ACTIVE must name',
    );
  });

  it('never quotes key material in a problem', () => {
    const bad = randomBytes(31).toString('base64');
    expect(keyRingProblems(`v1:${bad}`, undefined, names).join(' ')).not.toContain(bad);
  });
});
