import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { AuditSealer, AuditTrail } from '@carebus/audit';
import { repoRoot, type TestService } from '@carebus/testing';
import { ManualClock } from '@carebus/testing';
import { seedBookableClinic, startSchedulingWith } from '../../test/booking-fixture';
import { call, seedClinic, startSchedulingService, tokenFor } from '../../test/scheduling-test-service';

const CLI = join(repoRoot(), 'tools/carebus-cli/dist/main.js');

interface Verified {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run carebus -- audit verify --service scheduling --clinic <id>`, as the audit reader role. */
async function verify(svc: TestService, clinic: string): Promise<Verified> {
  const args = [CLI, 'audit', 'verify', '--service', 'scheduling', '--clinic', clinic];
  args.push('--database-url', svc.db.url('carebus_audit_reader'));
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as Verified;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Runs SQL as `role` (the superuser when omitted), in one session. */
async function as<T>(
  svc: TestService,
  role: string | undefined,
  work: (db: Client) => Promise<T>,
): Promise<T> {
  const db = new Client({ connectionString: svc.db.url(role) });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** As a superuser who switched the append-only trigger off for the session. */
const tamper = (svc: TestService, statements: string[]) =>
  as(svc, undefined, async (db) => {
    await db.query(`SET session_replication_role = replica`);
    for (const statement of statements) await db.query(statement);
  });

describe('audit trail: append-only, chained, verified', () => {
  let svc: TestService;
  /** Audit row ids of each clinic's chain, oldest first. */
  const rowsOf = (clinicId: string) =>
    as(
      svc,
      undefined,
      async (db) =>
        (
          await db.query<{ id: string; position: string }>(
            `SELECT a.id::text AS id, s.position::text AS position FROM scheduling.audit_log a
           JOIN scheduling.audit_seal s ON s.row_id = a.id WHERE a.clinic_id = $1 ORDER BY s.position`,
            [clinicId],
          )
        ).rows,
    );

  /** A clinic with five audited accesses (a patient created, then read four times), sealed and anchored. */
  async function auditedClinic(): Promise<string> {
    const clinicId = await seedClinic(svc);
    const staff = await tokenFor(svc, clinicId, { roles: ['staff'] });
    const created = await call(svc, 'POST', '/v1/patients', staff, { name: 'Audited Patient' });
    expect(created.status).toBe(201);
    for (let i = 0; i < 4; i++) {
      expect((await call(svc, 'GET', `/v1/patients/${created.body.id}`, staff)).status).toBe(200);
    }
    await svc.app.get(AuditSealer).sealNow({ anchor: true });
    expect(await rowsOf(clinicId)).toHaveLength(5);
    return clinicId;
  }

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    // The test seals and anchors itself (sealNow), so what it checks does not depend on timing.
    svc = await startSchedulingService({ AUDIT_SEALING_ENABLED: 'false' });
  });

  afterAll(async () => {
    await svc?.close();
  });

  it('refuses UPDATE and DELETE to the app role, and to the owner role through the trigger', async () => {
    const clinicId = await auditedClinic();
    await as(svc, 'carebus_scheduling_app', async (db) => {
      await db.query(`SELECT set_config('carebus.clinic_id', $1, false)`, [clinicId]);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM scheduling.audit_log`);
      expect(rows[0].n).toBe(5); // it may read its clinic's rows
      await expect(db.query(`UPDATE scheduling.audit_log SET action = 'x'`)).rejects.toMatchObject({
        code: '42501',
      });
      await expect(db.query(`DELETE FROM scheduling.audit_log`)).rejects.toMatchObject({ code: '42501' });
      await expect(db.query(`DELETE FROM scheduling.audit_seal`)).rejects.toMatchObject({ code: '42501' });
    });
    await as(svc, 'carebus_scheduling', async (db) => {
      // Row-level security binds the owner too (forced): without a tenant it sees no clinic's rows.
      expect(
        (await db.query(`SELECT 1 FROM scheduling.audit_log WHERE clinic_id = $1`, [clinicId])).rowCount,
      ).toBe(0);
      await db.query(`SELECT set_config('carebus.clinic_id', $1, false)`, [clinicId]);
      await expect(db.query(`UPDATE scheduling.audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM scheduling.audit_anchor`)).rejects.toThrow(/append-only/);
      await expect(db.query(`TRUNCATE scheduling.audit_log`)).rejects.toThrow(/append-only/);
    });
  });

  it('finds an untouched chain intact', async () => {
    const clinicId = await auditedClinic();
    const result = await verify(svc, clinicId);
    expect(result.stdout).toContain(`chain ${clinicId}: intact [5 sealed rows`);
    expect(result.code).toBe(0);
  });

  it('names an edited row', async () => {
    const clinicId = await auditedClinic();
    const [, second] = await rowsOf(clinicId);
    await tamper(svc, [`UPDATE scheduling.audit_log SET subject = 'someone-else' WHERE id = ${second!.id}`]);
    const result = await verify(svc, clinicId);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`TAMPERED (edited): row ${second!.id} at position 2 was edited`);
  });

  it('covers a stated reason in the row hash: a changed or added reason is an edit, rows without one still verify', async () => {
    const clinicId = await auditedClinic();
    await svc.app.get(AuditTrail).recordOutcome({
      clinicId,
      principal: { subject: 'ops-glass', roles: ['operator'] },
      action: 'dead_letter.read_payload',
      resourceType: 'dead_letter',
      resourceId: 'scheduling.appointment.v1.notifications.dlq/0/7',
      outcome: 'allowed',
      reason: 'INC-7: reminders stuck since 03:10',
    });
    await svc.app.get(AuditSealer).sealNow({ anchor: true });
    const rows = await rowsOf(clinicId);
    expect(rows).toHaveLength(6);
    expect((await verify(svc, clinicId)).stdout).toContain(`chain ${clinicId}: intact [6 sealed rows`);

    await tamper(svc, [`UPDATE scheduling.audit_log SET reason = 'routine check' WHERE id = ${rows[5]!.id}`]);
    const changed = await verify(svc, clinicId);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain(`TAMPERED (edited): row ${rows[5]!.id} at position 6 was edited`);

    await tamper(svc, [`UPDATE scheduling.audit_log SET reason = 'approved' WHERE id = ${rows[1]!.id}`]);
    expect((await verify(svc, clinicId)).stdout).toContain(
      `TAMPERED (edited): row ${rows[1]!.id} at position 2 was edited`,
    );
  });

  it('names a deleted middle row, and a middle row deleted with its seal', async () => {
    const clinicId = await auditedClinic();
    const [, , third, fourth] = await rowsOf(clinicId);
    await tamper(svc, [`DELETE FROM scheduling.audit_log WHERE id = ${third!.id}`]);
    expect((await verify(svc, clinicId)).stdout).toContain(
      `TAMPERED (deleted): row ${third!.id} at position 3 was deleted`,
    );
    await tamper(svc, [
      `DELETE FROM scheduling.audit_seal WHERE row_id = ${third!.id}`,
      `DELETE FROM scheduling.audit_log WHERE id = ${fourth!.id}`,
    ]);
    const result = await verify(svc, clinicId);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('TAMPERED (deleted): position 3 is missing (the chain goes on at 4)');
  });

  it('names the newest row dropped from the tail, even with the chain head rewound', async () => {
    const clinicId = await auditedClinic();
    const rows = await rowsOf(clinicId);
    const newest = rows[4]!;
    await tamper(svc, [
      `DELETE FROM scheduling.audit_log WHERE id = ${newest.id}`,
      `DELETE FROM scheduling.audit_seal WHERE row_id = ${newest.id}`,
      `UPDATE scheduling.audit_chain_head h SET position = s.position, chain_hash = s.chain_hash
       FROM scheduling.audit_seal s WHERE h.chain = '${clinicId}' AND s.chain = h.chain AND s.position = 4`,
    ]);
    const result = await verify(svc, clinicId);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /TAMPERED \(tail_dropped\): the chain ends at position 4, but the anchor of .* records position 5/,
    );
  });

  it('names rows whose order was swapped', async () => {
    const clinicId = await auditedClinic();
    const rows = await rowsOf(clinicId);
    const chain = `chain = '${clinicId}'`;
    await tamper(svc, [
      `UPDATE scheduling.audit_seal SET position = 1000 WHERE ${chain} AND position = 2`,
      `UPDATE scheduling.audit_seal SET position = 2 WHERE ${chain} AND position = 3`,
      `UPDATE scheduling.audit_seal SET position = 3 WHERE ${chain} AND position = 1000`,
    ]);
    const result = await verify(svc, clinicId);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `TAMPERED (out_of_order): row ${rows[2]!.id} at position 2 does not follow position 1`,
    );
  });

  it('names a row inserted behind the sealer (back-dated into the chain)', async () => {
    const clinicId = await auditedClinic();
    const inserted = await as(svc, undefined, async (db) => {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO scheduling.audit_log (clinic_id, subject, action, resource_type, outcome, at, tx_id)
           VALUES ($1, 'forger', 'patient.read', 'patient', 'allowed', now() - interval '1 day', '3'::xid8)
           RETURNING id::text AS id`,
        [clinicId],
      );
      return rows[0]!.id;
    });
    const result = await verify(svc, clinicId);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`TAMPERED (out_of_order): row ${inserted} is not in the chain`);
  });

  it('seals in the background within the seal interval, and anchors as audit.anchor.v1 events', async () => {
    const fast = await startSchedulingService({
      AUDIT_SEAL_INTERVAL_MS: '100',
      AUDIT_ANCHOR_INTERVAL_MS: '100',
    });
    try {
      const clinicId = await seedClinic(fast);
      const staff = await tokenFor(fast, clinicId, { roles: ['staff'] });
      expect((await call(fast, 'POST', '/v1/patients', staff, { name: 'Sealed Soon' })).status).toBe(201);
      const sealedAndAnchored = () =>
        as(fast, undefined, async (db) => {
          const { rows } = await db.query(
            `SELECT (SELECT count(*) FROM scheduling.audit_seal WHERE chain = $1::text)::int AS seals,
                    (SELECT count(*) FROM scheduling.audit_anchor WHERE chain = $1)::int AS anchors,
                    (SELECT count(*) FROM scheduling.outbox WHERE event_type = 'carebus.audit.anchor.recorded.v1'
                       AND clinic_id = $1::uuid)::int AS events`,
            [clinicId],
          );
          return rows[0] as { seals: number; anchors: number; events: number };
        });
      const deadline = Date.now() + 10_000;
      let state = await sealedAndAnchored();
      while ((state.seals < 1 || state.anchors < 1 || state.events < 1) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        state = await sealedAndAnchored();
      }
      expect(state).toEqual({ seals: 1, anchors: 1, events: 1 });
      expect((await verify(fast, clinicId)).code).toBe(0);
    } finally {
      await fast.close();
    }
  });

  it('takes 50 concurrent bookings in one clinic without an error, and chains all 50 intact', async () => {
    const busy = await startSchedulingWith(
      { clock: new ManualClock(new Date('2027-02-01T12:00:00Z')) },
      { AUDIT_SEAL_INTERVAL_MS: '50' },
    );
    try {
      const c = await seedBookableClinic(busy);
      const staff = await tokenFor(busy, c.clinicId, { roles: ['staff'] });
      const slots = await call<{ start: string }[]>(
        busy,
        'GET',
        `/v1/calendars/${c.calendarId}/slots?from=2027-03-01T00:00:00Z&to=2027-03-15T00:00:00Z&typeId=${c.typeId}`,
        staff,
      );
      const starts = slots.body.slice(0, 50).map((slot) => slot.start);
      expect(starts).toHaveLength(50);
      const body = { calendarId: c.calendarId, appointmentTypeId: c.typeId, patientId: c.patientId };
      // The sealer runs every 50 ms meanwhile: writers never wait for it.
      const answers = await Promise.all(
        starts.map((start) => call(busy, 'POST', '/v1/appointments', staff, { ...body, start })),
      );
      expect(answers.map((a) => a.status)).toEqual(starts.map(() => 201));
      await busy.app.get(AuditSealer).sealNow({ anchor: true, waitForLock: true });
      const { rows } = await as(busy, undefined, (db) =>
        db.query<{ positions: string[] }>(
          `SELECT array_agg(s.position::text ORDER BY s.position) AS positions FROM scheduling.audit_log a
           JOIN scheduling.audit_seal s ON s.row_id = a.id WHERE a.clinic_id = $1 AND a.action = 'appointment.book'`,
          [c.clinicId],
        ),
      );
      expect(rows[0]!.positions).toHaveLength(50);
      const result = await verify(busy, c.clinicId);
      expect(result.stdout).toMatch(new RegExp(`chain ${c.clinicId}: intact \\[\\d+ sealed rows`));
      expect(result.code).toBe(0);
    } finally {
      await busy.close();
    }
  });

  it("records an operator's onboarding on the clinic's chain and the clinic list on the platform chain", async () => {
    const operator = await svc.issuer.mint({ sub: 'ops-audited', roles: ['operator'] });
    const created = await call(svc, 'POST', '/v1/clinics', operator, {
      name: 'Audited Onboarding',
      timeZone: 'Europe/Oslo',
      clinicalAdminEmail: 'admin@audited.example',
    });
    expect(created.status).toBe(201);
    expect((await call(svc, 'GET', '/v1/clinics', operator)).status).toBe(200);
    const { rows } = await as(svc, undefined, (db) =>
      db.query<{ clinic_id: string | null; action: string; role: string }>(
        `SELECT clinic_id::text AS clinic_id, action, role FROM scheduling.audit_log
         WHERE subject = 'ops-audited' ORDER BY id`,
      ),
    );
    expect(rows).toEqual([
      { clinic_id: created.body.id, action: 'clinic.create', role: 'operator' },
      { clinic_id: null, action: 'clinic.list', role: 'operator' },
    ]);
    await svc.app.get(AuditSealer).sealNow({ anchor: true });
    const platform = await verify(svc, 'platform');
    expect(platform.stdout).toMatch(/chain platform: intact \[[1-9]\d* sealed rows/);
    expect(platform.code).toBe(0);
  });
});
