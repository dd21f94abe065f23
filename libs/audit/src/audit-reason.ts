import { MAX_AUDIT_REASON_LENGTH } from './audit-entry';

/** A stated reason as the audit trail takes it, or why it cannot be taken. */
export type ReasonCheck = { ok: true; reason: string } | { ok: false; problem: 'missing' | 'invalid' };

/**
 * Reads a reason from a request header (e.g. `Break-Glass-Reason`). Node hands header bytes over
 * as Latin-1, so a UTF-8 reason ("pasient får ikke svar") is decoded back when its bytes are valid
 * UTF-8. Trimmed; empty is `missing`; over `MAX_AUDIT_REASON_LENGTH` characters or with a control
 * character (C0, DEL, C1) is `invalid`. A repeated header is invalid too: one reason per call.
 */
export function reasonFromHeader(raw: string | string[] | undefined): ReasonCheck {
  if (Array.isArray(raw)) return raw.length === 0 ? { ok: false, problem: 'missing' } : invalid;
  if (raw === undefined) return { ok: false, problem: 'missing' };
  const reason = fromLatin1Bytes(raw).trim();
  if (reason === '') return { ok: false, problem: 'missing' };
  if ([...reason].length > MAX_AUDIT_REASON_LENGTH || /\p{Cc}/u.test(reason)) return invalid;
  return { ok: true, reason };
}

const invalid: ReasonCheck = { ok: false, problem: 'invalid' };

function fromLatin1Bytes(value: string): string {
  if (/[\u0100-\uffff]/.test(value)) return value; // not bytes: already decoded text
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}
