import { Client } from 'pg';
import { AuditVerifier, type ChainReport } from '@carebus/audit';

export const DEFAULT_AUDIT_DATABASE_URL = 'postgres://carebus_audit_reader@127.0.0.1:5432/carebus';

export interface AuditVerifyCommand {
  service: string;
  clinic?: string;
  databaseUrl?: string;
  json: boolean;
}

/** `audit verify`: walks the chains and prints one line per chain; answers the exit code. */
export async function verifyAudit(command: AuditVerifyCommand, out: (text: string) => void): Promise<number> {
  const db = new Client({
    connectionString: command.databaseUrl ?? process.env.AUDIT_DATABASE_URL ?? DEFAULT_AUDIT_DATABASE_URL,
  });
  await db.connect();
  try {
    const schema = command.service.replaceAll('-', '_');
    const reports = await new AuditVerifier(db, schema).verify(command.clinic);
    if (command.json) out(`${JSON.stringify({ service: command.service, chains: reports }, null, 2)}\n`);
    else for (const report of reports) out(`${describe(command.service, report)}\n`);
    if (!command.json && reports.length === 0) out(`${command.service}: no audit rows\n`);
    return reports.some((r) => r.problem) ? 1 : 0;
  } finally {
    await db.end();
  }
}

function describe(service: string, report: ChainReport): string {
  const name = `${service} chain ${report.chain}`;
  const counts = `${report.rows} sealed rows, ${report.anchors} anchors, ${report.unsealed} not sealed yet`;
  return report.problem
    ? `${name}: TAMPERED (${report.problem.kind}): ${report.problem.message} [${counts}]`
    : `${name}: intact [${counts}]`;
}
