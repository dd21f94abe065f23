import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { decodeEventPayload, EVENTS, KeyVaultAccessOutcome, KeyVaultAction } from '@carebus/contracts';
import { requestJson, startTestService, type ApiResponse, type TestService } from '@carebus/testing';
import type { Role } from '@carebus/auth';
import { EHR_SYNC_UNDER_TEST } from './ehr-sync-under-test';

export interface VaultHarness {
  svc: TestService;
  /** A superuser connection to the test database (sees past row-level security). */
  sql: Client;
  token(clinicId: string | null, roles?: Role[], sub?: string): Promise<string>;
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

export const newSek = (): string => randomBytes(32).toString('base64');

export async function startVaultHarness(
  env: Record<string, string> = {},
  service = EHR_SYNC_UNDER_TEST,
): Promise<VaultHarness> {
  const svc = await startTestService(service, env);
  const sql = new Client({ connectionString: svc.db.url() });
  await sql.connect();
  return {
    svc,
    sql,
    token: (clinicId, roles = ['clinic_admin'], sub = `user-${randomBytes(4).toString('hex')}`) =>
      svc.issuer.mint({ sub, roles, ...(clinicId ? { clinicId } : {}) }),
    call: (method, path, token, body) => requestJson(svc.url, method, path, token, body),
    close: async () => {
      await sql.end();
      await svc.close();
    },
  };
}

export interface AlertSeen {
  actor: string;
  action: string;
  outcome: string;
  siteCreatedBy: string;
}

/** The KeyVaultAccessed events in the outbox for a clinic, oldest first (as the superuser). */
export async function vaultAlerts(sql: Client, clinicId: string): Promise<AlertSeen[]> {
  const { rows } = await sql.query<{ payload: Buffer }>(
    `SELECT payload FROM ehr_sync.outbox WHERE clinic_id = $1 AND event_type = $2 ORDER BY seq`,
    [clinicId, EVENTS.keyVaultAccessed.type],
  );
  return rows.map(({ payload }) => {
    const p = decodeEventPayload(EVENTS.keyVaultAccessed, payload);
    return {
      actor: p.actor,
      action: KeyVaultAction[p.action],
      outcome: KeyVaultAccessOutcome[p.outcome],
      siteCreatedBy: p.siteCreatedBy,
    };
  });
}

/** The clinic's audit rows of the key vault, oldest first. */
export async function vaultAudit(sql: Client, clinicId: string) {
  const { rows } = await sql.query<{
    subject: string;
    action: string;
    outcome: string;
    resource_id: string | null;
  }>(
    `SELECT subject, action, outcome, resource_id FROM ehr_sync.audit_log
      WHERE clinic_id = $1 AND resource_type = 'shared_key' ORDER BY id`,
    [clinicId],
  );
  return rows.map((r) => ({
    subject: r.subject,
    action: r.action,
    outcome: r.outcome,
    resourceId: r.resource_id,
  }));
}
