import { decodeEventPayload, EVENTS } from '@carebus/contracts';
import type { Client } from 'pg';

/** The connection alerts in ehr-sync's outbox for a clinic, oldest first (as the superuser). */
export async function connectionAlerts(sql: Client, clinicId: string) {
  const { rows } = await sql.query<{ event_type: string; payload: Buffer }>(
    `SELECT event_type, payload FROM ehr_sync.outbox WHERE clinic_id = $1 AND event_type = ANY($2) ORDER BY seq`,
    [clinicId, [EVENTS.credentialsRejected.type, EVENTS.connectionDeauthorized.type]],
  );
  return rows.map(({ event_type, payload }) => {
    if (event_type === EVENTS.credentialsRejected.type) {
      const p = decodeEventPayload(EVENTS.credentialsRejected, payload);
      return {
        kind: 'CredentialsRejected',
        connectionId: p.connectionId,
        ehrSystem: p.ehrSystem,
        errorCode: p.errorCode,
      };
    }
    const p = decodeEventPayload(EVENTS.connectionDeauthorized, payload);
    return {
      kind: 'ConnectionDeauthorized',
      connectionId: p.connectionId,
      ehrSystem: p.ehrSystem,
      errorCode: p.errorCode,
    };
  });
}

/** The clinic's audit rows of EHR connections, oldest first. */
export async function connectionAudit(sql: Client, clinicId: string) {
  const { rows } = await sql.query<{ action: string; outcome: string; resource_id: string | null }>(
    `SELECT action, outcome, resource_id FROM ehr_sync.audit_log
      WHERE clinic_id = $1 AND resource_type = 'ehr_connection' ORDER BY id`,
    [clinicId],
  );
  return rows.map((r) => ({ action: r.action, outcome: r.outcome, resourceId: r.resource_id }));
}
