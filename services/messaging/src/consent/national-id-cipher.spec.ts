import { createCipheriv, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { KeyRing } from '@carebus/crypto';
import { randomFodselsnummer } from '@carebus/testing';
import { NationalIdCipher } from './national-id-cipher';
import { NATIONAL_ID_KEY_VARIABLES } from './national-id-keys';

const key = () => randomBytes(32).toString('base64');

function cipherOf(list: string, active?: string): NationalIdCipher {
  return new NationalIdCipher({
    nationalIdKeys: KeyRing.parse(list, active, NATIONAL_ID_KEY_VARIABLES),
    nationalIdKeyDeprecated: false,
    reachabilityTopic: 'unused',
  });
}

/** A number sealed as messaging sealed it under the single MESSAGING_NATIONAL_ID_KEY (`nid1.…`, no version). */
function legacySeal(single: string, clinicId: string, patientId: string, nationalId: string): string {
  const sealKey = Buffer.from(
    hkdfSync('sha256', Buffer.from(single, 'base64'), Buffer.alloc(0), 'carebus national id seal', 32),
  );
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey, iv);
  cipher.setAAD(Buffer.from(`${clinicId}|${patientId}`));
  const body = Buffer.concat([cipher.update(nationalId, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `nid1.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

describe('national ids under a key ring', () => {
  const clinicId = randomUUID();
  const patientId = randomUUID();
  const nationalId = randomFodselsnummer();
  const [k1, k2] = [key(), key()];

  it('seals under the active version, bound to the clinic and patient', () => {
    const c = cipherOf(`v1:${k1},v2:${k2}`, 'v2');
    const sealed = c.seal(clinicId, patientId, nationalId);
    expect(sealed).toMatch(/^nid2\.v2\./);
    expect(sealed).not.toContain(nationalId);
    expect(c.open(clinicId, patientId, sealed)).toBe(nationalId);
    expect(() => c.open(clinicId, randomUUID(), sealed)).toThrow(
      expect.objectContaining({ code: 'messaging.national_id_seal_invalid' }),
    );
    expect(() => c.open(randomUUID(), patientId, sealed)).toThrow(
      expect.objectContaining({ code: 'messaging.national_id_seal_invalid' }),
    );
  });

  it('still opens and finds what the old version sealed after a new version becomes active', () => {
    const before = cipherOf(`v1:${k1}`);
    const sealed = before.seal(clinicId, patientId, nationalId);
    const [stored] = before.lookups(clinicId, nationalId);

    const after = cipherOf(`v1:${k1},v2:${k2}`, 'v2');
    expect(after.open(clinicId, patientId, sealed)).toBe(nationalId);
    const lookups = after.lookups(clinicId, nationalId);
    expect(lookups).toHaveLength(2);
    expect(lookups).toContain(stored);
    // New numbers are hashed under the active version: the first candidate.
    expect(lookups[0]).not.toBe(stored);
    expect(lookups[0]).toBe(cipherOf(`v2:${k2}`).lookups(clinicId, nationalId)[0]);
    // A space around the number is not part of it.
    expect(after.lookups(clinicId, ` ${nationalId} `)).toEqual(lookups);
  });

  it('opens and finds numbers sealed under the single key it replaces, whatever version names that key', () => {
    const sealed = legacySeal(k1, clinicId, patientId, nationalId);
    const legacyLookup = cipherOf(`v1:${k1}`).lookups(clinicId, nationalId)[0];
    for (const c of [cipherOf(`v1:${k1}`), cipherOf(`old:${k1},v2:${k2}`, 'v2')]) {
      expect(c.open(clinicId, patientId, sealed)).toBe(nationalId);
      expect(c.lookups(clinicId, nationalId)).toContain(legacyLookup);
    }
    expect(() => cipherOf(`v2:${k2}`).open(clinicId, patientId, sealed)).toThrow(
      expect.objectContaining({ code: 'messaging.national_id_seal_invalid' }),
    );
  });

  it('no longer opens or finds a retired version, and refuses a seal relabelled with another version', () => {
    const sealed = cipherOf(`v1:${k1}`).seal(clinicId, patientId, nationalId);
    const [stored] = cipherOf(`v1:${k1}`).lookups(clinicId, nationalId);
    const retired = cipherOf(`v2:${k2}`);
    expect(() => retired.open(clinicId, patientId, sealed)).toThrow(
      expect.objectContaining({ code: 'messaging.national_id_seal_invalid' }),
    );
    expect(retired.lookups(clinicId, nationalId)).not.toContain(stored);
    const relabelled = sealed.replace(/^nid2\.v1\./, 'nid2.v2.');
    expect(() => cipherOf(`v1:${k1},v2:${k2}`, 'v2').open(clinicId, patientId, relabelled)).toThrow(
      expect.objectContaining({ code: 'messaging.national_id_seal_invalid' }),
    );
    for (const broken of ['', 'nid2.v1', 'nid2.v9.a.b', 'nid1.a', `nid3.${sealed.slice(5)}`]) {
      expect(() => cipherOf(`v1:${k1}`).open(clinicId, patientId, broken)).toThrow(
        expect.objectContaining({ code: 'messaging.national_id_seal_invalid' }),
      );
    }
  });

  it('hashes per clinic: the same number in another clinic does not match', () => {
    const c = cipherOf(`v1:${k1}`);
    expect(c.lookups(randomUUID(), nationalId)[0]).not.toBe(c.lookups(clinicId, nationalId)[0]);
  });
});
