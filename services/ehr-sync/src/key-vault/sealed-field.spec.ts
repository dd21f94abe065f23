import { randomBytes, randomUUID } from 'node:crypto';
import { openField, sealedKeyId, sealField } from './sealed-field';

const sek = randomBytes(32);
const clinicId = randomUUID();
const keyId = randomUUID();
const field = { purpose: 'connection.credentials', recordId: randomUUID() };

describe('sealed fields (AES-256-GCM under the clinic key)', () => {
  it('opens what it sealed and names the key it was sealed under', () => {
    const sealed = sealField(sek, clinicId, keyId, field, 'brukernavn: fjordbyen-sync æøå');
    expect(sealed.startsWith(`sek1.${keyId}.`)).toBe(true);
    expect(sealedKeyId(sealed)).toBe(keyId);
    expect(openField(sek, clinicId, field, sealed)).toBe('brukernavn: fjordbyen-sync æøå');
    expect(sealed).not.toContain('fjordbyen');
  });

  it.each([
    ['another clinic', randomUUID(), field],
    ['another record', clinicId, { ...field, recordId: randomUUID() }],
    ['another purpose', clinicId, { ...field, purpose: 'connection.token' }],
  ])('does not open for %s', (_what, otherClinic, otherField) => {
    const sealed = sealField(sek, clinicId, keyId, field, 'hemmelig');
    expect(openField(sek, otherClinic, otherField, sealed)).toBeUndefined();
  });

  it('does not open under another key, with a changed key id, or when malformed', () => {
    const sealed = sealField(sek, clinicId, keyId, field, 'hemmelig');
    expect(openField(randomBytes(32), clinicId, field, sealed)).toBeUndefined();
    expect(openField(sek, clinicId, field, sealed.replace(keyId, randomUUID()))).toBeUndefined();
    expect(openField(sek, clinicId, field, 'sek1.nope')).toBeUndefined();
    expect(openField(sek, clinicId, field, `${sealed.slice(0, -2)}AA`)).toBeUndefined();
  });
});
