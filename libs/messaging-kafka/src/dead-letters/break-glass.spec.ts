import type { Principal } from '@carebus/auth';
import { breakGlassReason } from './break-glass';
import { DEAD_LETTER_PAYLOAD_SCOPE } from './dead-letter-errors';

const operator = (scopes: string[]): Principal => ({
  subject: 'ops',
  clinicId: null,
  roles: ['operator'],
  scopes,
});

describe('breakGlassReason', () => {
  it('answers the stated reason to a token with the payload scope', () => {
    expect(breakGlassReason(operator([DEAD_LETTER_PAYLOAD_SCOPE]), ' INC-1 ')).toBe('INC-1');
  });

  it('asks for the scope first, whatever the reason', () => {
    expect(() => breakGlassReason(operator([]), 'INC-1')).toThrow(
      expect.objectContaining({ kind: 'forbidden', code: 'dead_letters.payload_scope_required' }),
    );
  });

  it('asks for a reason, and refuses a malformed one', () => {
    const scoped = operator([DEAD_LETTER_PAYLOAD_SCOPE]);
    expect(() => breakGlassReason(scoped, undefined)).toThrow(
      expect.objectContaining({ kind: 'forbidden', code: 'dead_letters.break_glass_reason_required' }),
    );
    expect(() => breakGlassReason(scoped, 'a\nb')).toThrow(
      expect.objectContaining({ kind: 'forbidden', code: 'dead_letters.break_glass_reason_invalid' }),
    );
  });
});
