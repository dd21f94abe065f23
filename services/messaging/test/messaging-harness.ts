import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Role } from '@carebus/auth';
import { decodeEventPayload, EVENTS, PortalAccountState, ReachabilityReason } from '@carebus/contracts';
import { requestJson, startTestService, type ApiResponse, type TestService } from '@carebus/testing';
import { MESSAGING_UNDER_TEST } from './messaging-under-test';

export interface MessagingHarness {
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

export async function startMessagingHarness(env: Record<string, string> = {}): Promise<MessagingHarness> {
  const svc = await startTestService(MESSAGING_UNDER_TEST, env);
  const sql = new Client({ connectionString: svc.db.url() });
  await sql.connect();
  return {
    svc,
    sql,
    token: (clinicId, roles = ['staff'], sub = `user-${randomBytes(4).toString('hex')}`) =>
      svc.issuer.mint({ sub, roles, ...(clinicId ? { clinicId } : {}) }),
    call: (method, path, token, body) => requestJson(svc.url, method, path, token, body),
    close: async () => {
      await sql.end();
      await svc.close();
    },
  };
}

/** The PatientReachabilityChanged events in messaging's outbox for a patient, oldest first. */
export async function reachabilityEvents(sql: Client, patientId: string) {
  const { rows } = await sql.query<{ payload: Buffer }>(
    `SELECT payload FROM messaging.outbox WHERE aggregate_id = $1 AND event_type = $2 ORDER BY seq`,
    [patientId, EVENTS.patientReachabilityChanged.type],
  );
  return rows.map(({ payload }) => {
    const p = decodeEventPayload(EVENTS.patientReachabilityChanged, payload);
    return {
      version: Number(p.version),
      reachable: p.reachable,
      reason: ReachabilityReason[p.reason],
      consent: p.consent,
      portalAccount: PortalAccountState[p.portalAccount],
      raw: payload,
    };
  });
}

/** The clinic's audit rows about a patient, oldest first. */
export async function patientAudit(sql: Client, clinicId: string, patientId: string) {
  const { rows } = await sql.query<{ action: string; outcome: string; subject: string }>(
    `SELECT action, outcome, subject FROM messaging.audit_log
      WHERE clinic_id = $1 AND (resource_id = $2 OR patient_id::text = $2) ORDER BY id`,
    [clinicId, patientId],
  );
  return rows;
}
