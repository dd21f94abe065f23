import { principalFromClaims } from './principal-claims';

const CLINIC = '7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b';

describe('principalFromClaims', () => {
  it('splits the OAuth scope string and drops duplicates', () => {
    const principal = principalFromClaims({ sub: 's', clinic_id: CLINIC, scope: ' a  b a ' });
    expect(principal.scopes).toEqual(['a', 'b']);
  });

  it('ignores unknown roles and keeps known ones', () => {
    const principal = principalFromClaims({ sub: 's', clinic_id: CLINIC, roles: ['wizard', 'patient', 7] });
    expect(principal.roles).toEqual(['patient']);
  });

  it('carries the patient a guardian acts for', () => {
    const principal = principalFromClaims({
      sub: 'g',
      clinic_id: CLINIC,
      roles: ['guardian'],
      patient_id: 'a1b2c3d4-0000-4000-8000-000000000001',
    });
    expect(principal).toMatchObject({
      roles: ['guardian'],
      patientId: 'a1b2c3d4-0000-4000-8000-000000000001',
    });
  });

  it('carries the display name of the `name` claim', () => {
    const principal = principalFromClaims({ sub: 's', clinic_id: CLINIC, name: 'Kari Lege' });
    expect(principal.displayName).toBe('Kari Lege');
  });

  it('defaults to no roles and no scopes', () => {
    expect(principalFromClaims({ sub: 's', clinic_id: CLINIC })).toEqual({
      subject: 's',
      clinicId: CLINIC,
      roles: [],
      scopes: [],
    });
  });

  it.each([
    ['an empty sub', { sub: '', clinic_id: CLINIC }],
    ['a numeric clinic_id', { sub: 's', clinic_id: 42 }],
    ['a scope array', { sub: 's', clinic_id: CLINIC, scope: ['a'] }],
    ['no clinic and no operator role', { sub: 's', roles: ['root'] }],
    ['an empty patient_id', { sub: 's', clinic_id: CLINIC, patient_id: '' }],
    ['an empty name', { sub: 's', clinic_id: CLINIC, name: '' }],
    ['a numeric name', { sub: 's', clinic_id: CLINIC, name: 7 }],
    ['a name over 200 characters', { sub: 's', clinic_id: CLINIC, name: 'x'.repeat(201) }],
    ['a NUL in the name', { sub: 's', clinic_id: CLINIC, name: 'Kari\u0000Lege' }],
  ])('rejects %s with auth.token_invalid', (_name, claims) => {
    expect(() => principalFromClaims(claims)).toThrow(
      expect.objectContaining({ code: 'auth.token_invalid' }),
    );
  });
});
