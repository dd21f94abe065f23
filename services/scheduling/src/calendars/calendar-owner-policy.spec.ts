import { DomainError } from '@carebus/errors';
import type { Practitioner } from '../practitioners/practitioner';
import { INVALID_CALENDAR_OWNER, PRACTITIONER_INACTIVE, PRACTITIONER_NOT_FOUND } from '../scheduling.errors';
import { assertOneOwner, assertUsableOwner } from './calendar-owner-policy';

const codeOf = (check: () => void) => {
  try {
    check();
  } catch (error) {
    if (error instanceof DomainError) return `${error.kind} ${error.code}`;
    throw error;
  }
  return 'ok';
};

const gp: Practitioner = {
  id: 'p',
  name: 'Dr. Test',
  profession: 'gp',
  active: true,
  createdAt: new Date(0),
  version: 1,
  updatedAt: new Date(0),
};

describe('calendar owner policy', () => {
  it.each([
    ['a practitioner', 'p', null, 'ok'],
    ['a resource', null, 'Room 2', 'ok'],
    ['both', 'p', 'Room 2', `invalid ${INVALID_CALENDAR_OWNER}`],
    ['neither', null, null, `invalid ${INVALID_CALENDAR_OWNER}`],
  ])('a calendar owned by %s → %s', (_case, ownerPractitionerId, resourceName, expected) => {
    expect(codeOf(() => assertOneOwner({ ownerPractitionerId, resourceName }))).toBe(expected);
  });

  it('takes an active practitioner of the clinic, refuses an unknown or deactivated one with 422', () => {
    expect(codeOf(() => assertUsableOwner(gp))).toBe('ok');
    expect(codeOf(() => assertUsableOwner(undefined))).toBe(`unprocessable ${PRACTITIONER_NOT_FOUND}`);
    expect(codeOf(() => assertUsableOwner({ ...gp, active: false }))).toBe(
      `unprocessable ${PRACTITIONER_INACTIVE}`,
    );
  });
});
