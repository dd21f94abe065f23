import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Role } from '@carebus/auth';
import { ManualClock } from '@carebus/testing';
import {
  seedBookableClinic,
  startSchedulingWith,
  type BookableClinic,
  type SchedulingUnderTest,
} from '../../test/booking-fixture';
import { SchedulingGrpcClient } from '../../test/grpc-client';
import { asOwner, call } from '../../test/scheduling-test-service';

interface AuditRow {
  clinic_id: string | null;
  subject: string;
  role: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  outcome: string;
}

describe('refusals: every denial of an authenticated caller leaves one audit row, before the answer', () => {
  let svc: SchedulingUnderTest;
  let grpc: SchedulingGrpcClient;
  let a: BookableClinic;
  let b: BookableClinic;
  let appointmentOfA: string;

  /** A token with a subject of its own, so the rows of one test are found by it. */
  const caller = async (clinicId: string, roles: Role[]) => {
    const subject = `user-${randomUUID()}`;
    return { subject, token: await svc.issuer.mint({ sub: subject, clinicId, roles }) };
  };
  const rowsOf = (subject: string) =>
    asOwner(
      svc,
      async (db) =>
        (
          await db.query<AuditRow>(
            `SELECT clinic_id, subject, role, action, resource_type, resource_id, outcome
               FROM scheduling.audit_log WHERE subject = $1 ORDER BY id`,
            [subject],
          )
        ).rows,
    );
  const allRows = () =>
    asOwner(
      svc,
      async (db) =>
        (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM scheduling.audit_log`)).rows[0]!.n,
    );

  /** Runs `work` with the app role unable to add audit rows (as a superuser), then gives the right back. */
  async function withAuditUnwritable(work: () => Promise<void>): Promise<void> {
    const admin = new Client({ connectionString: svc.db.url() });
    await admin.connect();
    try {
      await admin.query(`REVOKE INSERT ON scheduling.audit_log FROM carebus_scheduling_app`);
      await work();
    } finally {
      await admin.query(`GRANT INSERT ON scheduling.audit_log TO carebus_scheduling_app`);
      await admin.end();
    }
  }

  beforeAll(async () => {
    svc = await startSchedulingWith(
      { clock: new ManualClock(new Date('2027-02-01T12:00:00Z')) },
      { AUDIT_SEALING_ENABLED: 'false' },
    );
    [a, b] = await Promise.all([seedBookableClinic(svc), seedBookableClinic(svc)]);
    grpc = new SchedulingGrpcClient(svc.grpcAddress);
    const staff = await caller(a.clinicId, ['staff']);
    const booked = await call<{ id: string }>(svc, 'POST', '/v1/appointments', staff.token, {
      calendarId: a.calendarId,
      appointmentTypeId: a.typeId,
      patientId: a.patientId,
      start: '2027-03-01T08:00:00+01:00',
    });
    expect(booked.status).toBe(201);
    appointmentOfA = booked.body.id;
  });

  afterAll(async () => {
    grpc?.close();
    await svc?.close();
  });

  it('audits a REST 403 (a role the patient route does not allow) as one denied row', async () => {
    const { subject, token } = await caller(a.clinicId, ['partner']);
    const res = await call(svc, 'GET', `/v1/patients/${a.patientId}`, token);
    expect(res.status).toBe(403);
    expect(await rowsOf(subject)).toEqual([
      {
        clinic_id: a.clinicId,
        subject,
        role: 'partner',
        action: 'patient.read',
        resource_type: 'patient',
        resource_id: a.patientId,
        outcome: 'denied',
      },
    ]);
  });

  it("audits a REST 404 (another clinic's patient) as one denied row in the caller's clinic", async () => {
    const { subject, token } = await caller(b.clinicId, ['staff']);
    const res = await call(svc, 'GET', `/v1/patients/${a.patientId}`, token);
    expect(res.status).toBe(404);
    expect(await rowsOf(subject)).toEqual([
      expect.objectContaining({
        clinic_id: b.clinicId,
        role: 'staff',
        action: 'patient.read',
        resource_type: 'patient',
        resource_id: a.patientId,
        outcome: 'denied',
      }),
    ]);
  });

  it('audits a 404 a use case answers on an appointment route once, not twice', async () => {
    const { subject, token } = await caller(b.clinicId, ['staff']);
    const res = await call(svc, 'POST', `/v1/appointments/${appointmentOfA}/cancel`, token, {});
    expect(res.status).toBe(404);
    expect(await rowsOf(subject)).toEqual([
      expect.objectContaining({
        action: 'appointment.cancel',
        resource_id: appointmentOfA,
        outcome: 'denied',
      }),
    ]);
  });

  it('audits a gRPC NOT_FOUND (another clinic’s appointment) as one denied row', async () => {
    const { subject, token } = await caller(b.clinicId, ['partner']);
    const reply = await grpc.call('GetAppointment', { appointmentId: appointmentOfA }, token);
    expect(reply).toMatchObject({ code: 5, errorCode: 'scheduling.appointment_not_found' });
    expect(await rowsOf(subject)).toEqual([
      expect.objectContaining({
        clinic_id: b.clinicId,
        role: 'partner',
        action: 'appointment.read',
        resource_type: 'appointment',
        resource_id: appointmentOfA,
        outcome: 'denied',
      }),
    ]);
  });

  it('audits a gRPC PERMISSION_DENIED (a role the method does not allow) as one denied row', async () => {
    const { subject, token } = await caller(a.clinicId, ['operator']);
    const reply = await grpc.call('CancelAppointment', { appointmentId: appointmentOfA }, token);
    expect(reply).toMatchObject({ code: 7, errorCode: 'auth.forbidden' });
    expect(await rowsOf(subject)).toEqual([
      expect.objectContaining({
        action: 'appointment.cancel',
        resource_id: appointmentOfA,
        outcome: 'denied',
      }),
    ]);
  });

  it('leaves no audit row for a 401, and counts it by reason', async () => {
    const before = await allRows();
    expect((await call(svc, 'GET', `/v1/patients/${a.patientId}`, undefined)).status).toBe(401);
    expect((await call(svc, 'GET', `/v1/patients/${a.patientId}`, 'not-a-token')).status).toBe(401);
    expect((await grpc.call('GetAppointment', { appointmentId: appointmentOfA })).code).toBe(16);
    expect(await allRows()).toBe(before);
    const metrics = await (await fetch(`${svc.url}/metrics`)).text();
    expect(metrics).toMatch(
      /carebus_auth_refusals_total\{reason="auth.token_missing",transport="http"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /carebus_auth_refusals_total\{reason="auth.token_invalid",transport="http"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /carebus_auth_refusals_total\{reason="auth.token_missing",transport="grpc"\} [1-9]/,
    );
  });

  it('answers a patient read 503 audit.unavailable when the audit row cannot be written', async () => {
    const { token } = await caller(a.clinicId, ['staff']);
    await withAuditUnwritable(async () => {
      const res = await call(svc, 'GET', `/v1/patients/${a.patientId}`, token);
      expect(res.status).toBe(503);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 503, code: 'audit.unavailable' });
      const problemMembers = ['code', 'detail', 'instance', 'status', 'title', 'traceId', 'type'];
      expect(problemMembers).toEqual(expect.arrayContaining(Object.keys(res.body)));
      expect(JSON.stringify(res.body)).not.toMatch(/Kari Nordmann|\bat \w|\.ts:\d|permission denied/i);
    });
  });

  it('answers a refusal 503 audit.unavailable, on REST and gRPC, when its audit row cannot be written', async () => {
    const partner = await caller(a.clinicId, ['partner']);
    const stranger = await caller(b.clinicId, ['partner']);
    await withAuditUnwritable(async () => {
      const res = await call(svc, 'GET', `/v1/patients/${a.patientId}`, partner.token);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'audit.unavailable' });
      const reply = await grpc.call('GetAppointment', { appointmentId: appointmentOfA }, stranger.token);
      expect(reply).toMatchObject({ code: 14, errorCode: 'audit.unavailable' });
    });
    expect(await rowsOf(partner.subject)).toEqual([]);
  });
});
