import { enrolmentCodeHash, newEnrolmentCode, normaliseEnrolmentCode } from './enrolment-code';

describe('enrolment codes', () => {
  it('are four groups of four Crockford base32 characters, different every time', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newEnrolmentCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('hash the same whatever the case, dashes, spaces and look-alike letters', () => {
    const code = 'K7QF-2M9D-XR4T-8WP1';
    expect(normaliseEnrolmentCode(' k7qf 2m9d-xr4t-8wpl ')).toBe('K7QF2M9DXR4T8WP1');
    expect(enrolmentCodeHash('k7qf2m9dxr4t8wpi').equals(enrolmentCodeHash(code))).toBe(true);
    expect(enrolmentCodeHash('K7QF-2M9D-XR4T-8WP2').equals(enrolmentCodeHash(code))).toBe(false);
    expect(enrolmentCodeHash(code)).toHaveLength(32);
  });
});
