import { ForbiddenError } from '@carebus/errors';
import { assertForClinic, clinicOf, forClinic } from './clinic-access';
import { hasRole, hasScopes, type Principal } from './principal';

const CLINIC = '3a4f1d0e-8d6b-4c3e-9a1b-7c2d5e6f8a90';
const OTHER = '5b6c7d8e-9f01-4a2b-8c3d-4e5f6a7b8c9d';

const principal = (overrides: Partial<Principal> = {}): Principal => ({
  subject: 's',
  clinicId: CLINIC,
  roles: ['staff'],
  scopes: ['a', 'b'],
  ...overrides,
});

describe('Principal checks', () => {
  it('hasRole needs any one of the roles', () => {
    expect(hasRole(principal(), 'patient', 'staff')).toBe(true);
    expect(hasRole(principal(), 'patient')).toBe(false);
  });

  it('hasScopes needs every scope', () => {
    expect(hasScopes(principal(), 'a', 'b')).toBe(true);
    expect(hasScopes(principal(), 'a', 'c')).toBe(false);
  });

  it('forClinic matches only the principal clinic', () => {
    expect(forClinic(principal(), CLINIC)).toBe(true);
    expect(forClinic(principal(), OTHER)).toBe(false);
  });

  it('forClinic gives operators no free pass', () => {
    expect(forClinic(principal({ clinicId: null, roles: ['operator'] }), CLINIC)).toBe(false);
  });

  it('assertForClinic throws auth.clinic_mismatch', () => {
    expect(() => assertForClinic(principal(), OTHER)).toThrow(ForbiddenError);
    expect(() => assertForClinic(principal(), OTHER)).toThrow(
      expect.objectContaining({ code: 'auth.clinic_mismatch' }),
    );
  });
});

describe('clinicOf', () => {
  it('is the clinic the principal acts for', () => {
    expect(clinicOf(principal())).toBe(CLINIC);
  });

  it('refuses a token without a clinic with auth.clinic_required', () => {
    let error: unknown;
    try {
      clinicOf(principal({ clinicId: null, roles: ['operator'] }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).code).toBe('auth.clinic_required');
  });
});
