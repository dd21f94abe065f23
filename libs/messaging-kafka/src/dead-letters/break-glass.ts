import { MAX_AUDIT_REASON_LENGTH, reasonFromHeader } from '@carebus/audit';
import { hasScopes, type Principal } from '@carebus/auth';
import {
  BreakGlassReasonInvalidError,
  BreakGlassReasonRequiredError,
  DEAD_LETTER_PAYLOAD_SCOPE,
  DeadLetterPayloadScopeRequiredError,
} from './dead-letter-errors';

/**
 * Break-glass for dead letters: the caller's token holds `carebus:dead-letters:payload` and the
 * call states why in `Break-Glass-Reason`. Answers the reason the audit row keeps; a missing
 * scope, a missing or malformed reason is a 403 (a refusal, recorded at the edge).
 */
export function breakGlassReason(principal: Principal, header: string | string[] | undefined): string {
  if (!hasScopes(principal, DEAD_LETTER_PAYLOAD_SCOPE)) throw new DeadLetterPayloadScopeRequiredError();
  const stated = reasonFromHeader(header);
  if (stated.ok) return stated.reason;
  throw stated.problem === 'missing'
    ? new BreakGlassReasonRequiredError()
    : new BreakGlassReasonInvalidError(MAX_AUDIT_REASON_LENGTH);
}
