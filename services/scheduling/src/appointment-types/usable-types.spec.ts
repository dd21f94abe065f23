import { DomainError } from '@carebus/errors';
import { APPOINTMENT_TYPE_ARCHIVED, APPOINTMENT_TYPE_NOT_FOUND } from '../scheduling.errors';
import type { AppointmentType } from './appointment-type';
import { assertUsableTypes } from './usable-types';

const type = (id: string, archived = false) => ({ id, archived }) as AppointmentType;

function refusal(check: () => void): DomainError {
  try {
    check();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('assertUsableTypes', () => {
  it('takes types the clinic has and has not archived', () => {
    expect(() => assertUsableTypes(['a', 'b'], [type('a'), type('b')])).not.toThrow();
  });

  it('names the types the clinic does not have (422), before any archived one', () => {
    const error = refusal(() => assertUsableTypes(['a', 'b', 'c'], [type('a', true)]));
    expect(error).toMatchObject({ kind: 'unprocessable', code: APPOINTMENT_TYPE_NOT_FOUND });
    expect(error.extensions).toEqual({ appointmentTypeIds: ['b', 'c'] });
  });

  it('names the archived types (422)', () => {
    const error = refusal(() => assertUsableTypes(['a', 'b'], [type('a', true), type('b')]));
    expect(error).toMatchObject({ kind: 'unprocessable', code: APPOINTMENT_TYPE_ARCHIVED });
    expect(error.extensions).toEqual({ appointmentTypeIds: ['a'] });
  });
});
