import { randomBytes } from 'node:crypto';
import {
  NATIONAL_ID_KEY_DEPRECATION,
  nationalIdKeyProblems,
  nationalIdKeyRing,
  usesDeprecatedNationalIdKey,
} from './national-id-keys';

const key = () => randomBytes(32).toString('base64');
const messages = (v: Parameters<typeof nationalIdKeyProblems>[0]) =>
  nationalIdKeyProblems(v).map((p) => `${p.path}: ${p.message}`);

describe('the national-id key variables', () => {
  it('reads the ring and its active version', () => {
    const v = {
      MESSAGING_NATIONAL_ID_KEYS: `v1:${key()},v2:${key()}`,
      MESSAGING_NATIONAL_ID_KEY_ACTIVE: 'v2',
    };
    expect(messages(v)).toEqual([]);
    const ring = nationalIdKeyRing(v);
    expect(ring.versions).toEqual(['v1', 'v2']);
    expect(ring.active.version).toBe('v2');
    expect(usesDeprecatedNationalIdKey(v)).toBe(false);
  });

  it('still accepts the deprecated single key for one release, as version v1, and says what to set instead', () => {
    const single = key();
    const v = { MESSAGING_NATIONAL_ID_KEY: single };
    expect(messages(v)).toEqual([]);
    const ring = nationalIdKeyRing(v);
    expect(ring.versions).toEqual(['v1']);
    expect(ring.get('v1')!.key.equals(Buffer.from(single, 'base64'))).toBe(true);
    expect(usesDeprecatedNationalIdKey(v)).toBe(true);
    expect(NATIONAL_ID_KEY_DEPRECATION).toContain('MESSAGING_NATIONAL_ID_KEYS=v1:');
  });

  it('names what is wrong without quoting a key', () => {
    const bad = 'c2hvcnQ=';
    expect(messages({})).toEqual([expect.stringMatching(/^MESSAGING_NATIONAL_ID_KEYS: is required/)]);
    expect(messages({ MESSAGING_NATIONAL_ID_KEYS: '', MESSAGING_NATIONAL_ID_KEY: ' ' })).toHaveLength(1);
    expect(messages({ MESSAGING_NATIONAL_ID_KEY: bad })).toEqual([
      'MESSAGING_NATIONAL_ID_KEY: must be 32 bytes in base64',
    ]);
    expect(messages({ MESSAGING_NATIONAL_ID_KEYS: `v1:${key()}`, MESSAGING_NATIONAL_ID_KEY: key() })).toEqual(
      [expect.stringMatching(/set MESSAGING_NATIONAL_ID_KEYS only/)],
    );
    expect(messages({ MESSAGING_NATIONAL_ID_KEYS: `v1:${key()},v2:${key()}` })).toEqual([
      expect.stringMatching(/MESSAGING_NATIONAL_ID_KEY_ACTIVE must name/),
    ]);
    expect(
      messages({ MESSAGING_NATIONAL_ID_KEYS: `v1:${bad}`, MESSAGING_NATIONAL_ID_KEY_ACTIVE: 'v3' }).join(' '),
    ).not.toContain(bad);
  });
});
