import { randomBytes } from 'node:crypto';
import { FieldSealer, SealedValueError, sealerVariables } from './field-sealer';

const k = () => randomBytes(32).toString('base64');
const AAD = 'scheduling.patient.v1|clinic-1|patient-1';
const text = new TextEncoder().encode('Kari Nordmann 01019012345');

function sealer(keys: string, active?: string): FieldSealer {
  return FieldSealer.fromEnv('patient-identity', {
    CAREBUS_PATIENT_IDENTITY_KEYS: keys,
    ...(active ? { CAREBUS_PATIENT_IDENTITY_KEY_ACTIVE: active } : {}),
  });
}

function failure(run: () => unknown): SealedValueError {
  try {
    run();
  } catch (error) {
    if (error instanceof SealedValueError) return error;
    throw error;
  }
  throw new Error('expected a SealedValueError');
}

describe('FieldSealer', () => {
  it('derives the variables from the purpose', () => {
    expect(sealerVariables('journal-note')).toEqual({
      list: 'CAREBUS_JOURNAL_NOTE_KEYS',
      active: 'CAREBUS_JOURNAL_NOTE_KEY_ACTIVE',
    });
    expect(() => sealerVariables('Journal Note')).toThrow(RangeError);
  });

  it('round-trips a value under the active version, never in clear', () => {
    const s = sealer(`v1:${k()}`);
    const sealed = s.seal(text, AAD);
    expect(sealed.keyVersion).toBe('v1');
    expect(Buffer.from(sealed.ciphertext).includes(Buffer.from('Nordmann'))).toBe(false);
    expect(s.open(sealed, AAD)).toEqual(Buffer.from(text));
  });

  it('refuses a tampered ciphertext or nonce', () => {
    const s = sealer(`v1:${k()}`);
    const sealed = s.seal(text, AAD);
    const ciphertext = Buffer.from(sealed.ciphertext);
    ciphertext[3]! ^= 0x80;
    expect(failure(() => s.open({ ...sealed, ciphertext }, AAD)).code).toBe('crypto.sealed_value_unopenable');
    const nonce = Buffer.from(sealed.nonce);
    nonce[0]! ^= 1;
    expect(failure(() => s.open({ ...sealed, nonce }, AAD)).code).toBe('crypto.sealed_value_unopenable');
  });

  it('refuses a value moved to another entity (wrong associated data)', () => {
    const s = sealer(`v1:${k()}`);
    const sealed = s.seal(text, AAD);
    expect(failure(() => s.open(sealed, 'scheduling.patient.v1|clinic-1|patient-2')).code).toBe(
      'crypto.sealed_value_unopenable',
    );
  });

  it('refuses an unknown key version without quoting any key', () => {
    const key = k();
    const s = sealer(`v1:${key}`);
    const sealed = { ...s.seal(text, AAD), keyVersion: 'v9' };
    const error = failure(() => s.open(sealed, AAD));
    expect(error.code).toBe('crypto.sealed_value_unknown_version');
    expect(error.message).toContain('patient-identity');
    expect(error.message).not.toContain(key);
  });

  it('seals with the active version and still opens values sealed under an older one', () => {
    const v1 = k();
    const before = sealer(`v1:${v1}`);
    const old = before.seal(text, AAD);
    const after = sealer(`v1:${v1},v2:${k()}`, 'v2');
    const fresh = after.seal(text, AAD);
    expect(fresh.keyVersion).toBe('v2');
    expect(after.open(old, AAD)).toEqual(Buffer.from(text));
    expect(after.open(fresh, AAD)).toEqual(Buffer.from(text));
    expect(failure(() => before.open(fresh, AAD)).code).toBe('crypto.sealed_value_unknown_version');
  });

  it('names the missing or wrong variable and never the key material', () => {
    expect(() => FieldSealer.fromEnv('journal-note', {})).toThrow('CAREBUS_JOURNAL_NOTE_KEYS is not set');
    const short = randomBytes(16).toString('base64');
    let message = '';
    try {
      sealer(`v1:${short}`);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('CAREBUS_PATIENT_IDENTITY_KEYS');
    expect(message).not.toContain(short);
    expect(() => sealer(`v1:${k()},v2:${k()}`)).toThrow('CAREBUS_PATIENT_IDENTITY_KEY_ACTIVE must name');
  });
});
