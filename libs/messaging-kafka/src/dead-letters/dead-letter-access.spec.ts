import type { Principal } from '@carebus/auth';
import { clinicOfDeadLetter, deadLetterScope, mayViewDeadLetter } from './dead-letter-access';

const A = '0b7c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
const B = '1c8d3e4f-5a6b-4c7d-9e8f-0a1b2c3d4e5f';

const principal = (roles: Principal['roles'], clinicId: string | null): Principal => ({
  subject: 's',
  clinicId,
  roles,
  scopes: [],
});

describe('dead-letter access', () => {
  it('gives platform operators every clinic and clinic admins their own', () => {
    expect(deadLetterScope(principal(['operator'], null))).toBeNull();
    expect(deadLetterScope(principal(['operator'], A))).toBeNull();
    expect(deadLetterScope(principal(['clinic_admin'], A.toUpperCase()))).toBe(A);
  });

  it("shows a clinic admin only its clinic's dead letters", () => {
    expect(mayViewDeadLetter(A, { clinicId: A })).toBe(true);
    expect(mayViewDeadLetter(A, { clinicId: A.toUpperCase() })).toBe(true);
    expect(mayViewDeadLetter(A, { clinicId: B })).toBe(false);
    expect(mayViewDeadLetter(A, {})).toBe(false);
    expect(mayViewDeadLetter(A, { clinicId: 'not-a-clinic' })).toBe(false);
  });

  it('shows a platform operator every dead letter, with or without a clinic', () => {
    expect(mayViewDeadLetter(null, { clinicId: B })).toBe(true);
    expect(mayViewDeadLetter(null, {})).toBe(true);
  });

  it('takes only a clinic id as the clinic of a dead letter', () => {
    expect(clinicOfDeadLetter({ clinicId: B.toUpperCase() })).toBe(B);
    expect(clinicOfDeadLetter({ clinicId: "x'; DROP" })).toBeNull();
    expect(clinicOfDeadLetter({})).toBeNull();
  });
});
