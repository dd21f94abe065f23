import type { QueryRunner } from 'typeorm';
import { MAX_AUDIT_REASON_LENGTH } from './audit-entry';

/**
 * Adds the stated reason of a break-glass access (`audit_log.reason`, nullable, bounded) and
 * makes the row hash cover it: `audit_row_text` appends the reason as one more length-prefixed
 * field only when it is not null, so every row sealed before (all without a reason) hashes as it
 * did and its chain still verifies. `audit verify` rebuilds the same text (`auditRowText`).
 */
export async function addAuditReason(q: QueryRunner, schema: string): Promise<void> {
  const s = schema;
  await q.query(`ALTER TABLE ${s}.audit_log ADD COLUMN reason text
    CONSTRAINT audit_log_reason_length CHECK (char_length(reason) BETWEEN 1 AND ${MAX_AUDIT_REASON_LENGTH})`);
  await q.query(`
    CREATE OR REPLACE FUNCTION ${s}.audit_row_text(r ${s}.audit_log) RETURNS text LANGUAGE sql STABLE AS $$
      SELECT string_agg(CASE WHEN f IS NULL THEN '-' ELSE octet_length(f)::text || ':' || f END, '' ORDER BY i)
      FROM unnest(ARRAY[r.id::text, r.clinic_id::text, r.subject, r.role, r.client_id, r.action,
                        r.resource_type, r.resource_id, r.patient_id::text, r.outcome, r.trace_id,
                        to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')]
                  || CASE WHEN r.reason IS NULL THEN ARRAY[]::text[] ELSE ARRAY[r.reason] END)
           WITH ORDINALITY AS t(f, i)
    $$`);
}

/** Undoes `addAuditReason`: the hash text without the reason, and the column dropped. */
export async function dropAuditReason(q: QueryRunner, schema: string): Promise<void> {
  const s = schema;
  await q.query(`
    CREATE OR REPLACE FUNCTION ${s}.audit_row_text(r ${s}.audit_log) RETURNS text LANGUAGE sql STABLE AS $$
      SELECT string_agg(CASE WHEN f IS NULL THEN '-' ELSE octet_length(f)::text || ':' || f END, '' ORDER BY i)
      FROM unnest(ARRAY[r.id::text, r.clinic_id::text, r.subject, r.role, r.client_id, r.action,
                        r.resource_type, r.resource_id, r.patient_id::text, r.outcome, r.trace_id,
                        to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')])
           WITH ORDINALITY AS t(f, i)
    $$`);
  await q.query(`ALTER TABLE ${s}.audit_log DROP COLUMN reason`);
}
