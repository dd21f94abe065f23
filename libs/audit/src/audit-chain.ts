import { createHash } from 'node:crypto';

/**
 * A row's fields as `audit verify` reads them (all text, as PostgreSQL prints them; `at` in UTC
 * with microseconds), in the order the schema's `audit_row_text` covers them.
 */
export interface AuditRowText {
  id: string;
  clinic_id: string | null;
  subject: string;
  role: string | null;
  client_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  patient_id: string | null;
  outcome: string;
  trace_id: string | null;
  at: string;
  /** Covered only when not null, so rows sealed before the column existed still verify. */
  reason?: string | null;
}

const FIELDS = [
  'id',
  'clinic_id',
  'subject',
  'role',
  'client_id',
  'action',
  'resource_type',
  'resource_id',
  'patient_id',
  'outcome',
  'trace_id',
  'at',
] as const satisfies readonly (keyof AuditRowText)[];

/** The select list that reads a row as `AuditRowText` (alias `a`). */
export const AUDIT_ROW_TEXT_COLUMNS = `a.id::text AS id, a.clinic_id::text AS clinic_id, a.subject, a.role,
  a.client_id, a.action, a.resource_type, a.resource_id, a.patient_id::text AS patient_id, a.outcome,
  a.trace_id, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, a.reason`;

/**
 * Each field length-prefixed in UTF-8 octets, '-' for null, then the reason when there is one:
 * what `audit_row_text` builds.
 */
export function auditRowText(row: AuditRowText): string {
  const reason = row.reason ?? null;
  return [...FIELDS.map((field) => row[field]), ...(reason === null ? [] : [reason])]
    .map((value) => (value === null ? '-' : `${Buffer.byteLength(value, 'utf8')}:${value}`))
    .join('');
}

export function contentHash(row: AuditRowText): Buffer {
  return createHash('sha256').update(auditRowText(row), 'utf8').digest();
}

/** The chain hash of a row: SHA-256 over the previous chain hash (empty at the start) and its content hash. */
export function chainHash(previous: Buffer, content: Buffer): Buffer {
  return createHash('sha256').update(previous).update(content).digest();
}
