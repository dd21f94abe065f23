import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { EVENTS, KeyVaultAccessOutcome, KeyVaultAction } from '@carebus/contracts';
import { ManualClock, newClinicId, waitFor } from '@carebus/testing';
import {
  adminToken,
  appointment,
  call,
  notificationRows,
  publishAlert,
  publishAppointment,
  startHarness,
  type Harness,
} from '../../test/notifications-harness';

describe('channels, enablement, fallback, quiet hours and staff alerts', () => {
  let h: Harness;
  // 13:00 in Oslo: outside quiet hours unless a test moves the clock.
  const clock = new ManualClock(new Date('2030-06-03T11:00:00Z'));

  beforeAll(async () => {
    h = await startHarness({ clock });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function clinic() {
    const clinicId = newClinicId();
    const token = await adminToken(h, clinicId);
    return { clinicId, token };
  }

  async function patient(token: string, clinicId: string, contact: Record<string, unknown>, overrides = {}) {
    const a = appointment(clinicId, new Date(clock.now().getTime() + 10 * 3600_000), overrides);
    const res = await call(h, 'PUT', `/v1/patient-contacts/${a.patientId}`, token, contact);
    expect(res.status).toBe(200);
    return a;
  }

  const settled = (clinicId: string) =>
    waitFor(
      async () => {
        const rows = (await notificationRows(h, clinicId)).filter((r) => r.kind === 'booking_confirmation');
        return rows.length > 0 && rows.every((r) => r.status !== 'pending') && rows;
      },
      { timeoutMs: 15_000, what: 'the confirmation to settle' },
    );

  it.each<[string, { clinic?: string[]; calendar?: string[]; type?: string[] }, string[]]>([
    ['all on (no rules)', {}, ['sms']],
    ['clinic off', { clinic: [] }, []],
    ['calendar off', { calendar: [] }, []],
    ['type off', { type: [] }, []],
    ['clinic off but calendar on (most specific wins)', { clinic: [], calendar: ['email'] }, ['email']],
    ['calendar e-mail only, preferred SMS', { calendar: ['email'] }, ['email']],
  ])('enablement %s → channels %j', async (_case, rules, expected) => {
    const { clinicId, token } = await clinic();
    const a = await patient(token, clinicId, {
      email: 'm@patient.example',
      phone: '+4790000001',
      preferredChannel: 'sms',
    });
    const put = (scope: string, id: string, channels: string[]) =>
      call(h, 'PUT', `/v1/notification-enablement/${scope}/${id}`, token, { channels });
    if (rules.clinic) expect((await put('clinic', clinicId, rules.clinic)).status).toBe(200);
    if (rules.calendar) await put('calendar', a.calendarId, rules.calendar);
    if (rules.type) await put('appointment_type', a.appointmentTypeId, rules.type);
    const eventId = await publishAppointment(h, 'booked', a);
    if (expected.length === 0) {
      // Nothing is planned: wait until the event was consumed (its inbox row), then check no job exists.
      await waitFor(() => inboxed(eventId), { timeoutMs: 15_000, what: 'the event to be consumed' });
      expect(await notificationRows(h, clinicId)).toEqual([]);
      return;
    }
    const [row] = await settled(clinicId);
    expect(row!.status).toBe('sent');
    expect(row!.channels[row!.channel_index]).toBe(expected[0]);
  });

  async function inboxed(eventId: string): Promise<boolean> {
    const db = new Client({ connectionString: h.svc.db.url() });
    await db.connect();
    try {
      const { rows } = await db.query(`SELECT 1 FROM notifications.processed_events WHERE event_id = $1`, [
        eventId,
      ]);
      return rows.length === 1;
    } finally {
      await db.end();
    }
  }

  it('an appointment type with notifications disabled in the event sends nothing; a hidden one never reaches a guardian', async () => {
    const { clinicId, token } = await clinic();
    const off = await patient(
      token,
      clinicId,
      { email: 'x@patient.example' },
      { notificationsEnabled: false },
    );
    const hidden = await patient(
      token,
      clinicId,
      { email: 'guardian@patient.example', guardianContact: true },
      { hidden: true },
    );
    await publishAppointment(h, 'booked', off);
    await publishAppointment(h, 'booked', hidden);
    const marker = await patient(token, clinicId, { email: 'marker@patient.example' });
    await publishAppointment(h, 'booked', marker);
    await waitFor(() => h.smtp.messages.some((m) => m.envelopeTo.includes('marker@patient.example')), {
      timeoutMs: 15_000,
    });
    expect(h.smtp.messages.filter((m) => m.envelopeTo.includes('x@patient.example'))).toHaveLength(0);
    expect(h.smtp.messages.filter((m) => m.envelopeTo.includes('guardian@patient.example'))).toHaveLength(0);
  });

  it('SMS provider answering 500 → retried, then the e-mail fallback; the log shows it', async () => {
    const { clinicId, token } = await clinic();
    const a = await patient(token, clinicId, {
      email: 'fb500@patient.example',
      phone: '+4790000500',
      preferredChannel: 'sms',
    });
    h.http.setBehaviour('sms', { status: 500, times: 3 });
    await publishAppointment(h, 'booked', a);
    await waitFor(() => h.smtp.messages.some((m) => m.envelopeTo.includes('fb500@patient.example')), {
      timeoutMs: 15_000,
    });
    const tries = h.http.requests.filter((r) => r.body.to === '+4790000500');
    expect(tries).toHaveLength(3);
    expect(tries.every((r) => r.signatureValid === true && r.status === 500)).toBe(true);
    const [row] = await settled(clinicId);
    const detail = await call<{ log: { event: string; channel: string | null }[] }>(
      h,
      'GET',
      `/v1/notifications/${row!.id}`,
      token,
    );
    expect(detail.body.log.map((e) => `${e.event}:${e.channel}`)).toEqual([
      'requested:sms',
      'retried:sms',
      'retried:sms',
      'failed:sms',
      'fallback:email',
      'sent:email',
      'provider_accepted:email',
    ]);
  });

  it('SMS provider answering 400 → failed at once (no retry), fallback to e-mail', async () => {
    const { clinicId, token } = await clinic();
    const a = await patient(token, clinicId, {
      email: 'fb400@patient.example',
      phone: '+4790000400',
      preferredChannel: 'sms',
    });
    h.http.setBehaviour('sms', { status: 400, times: 1 });
    await publishAppointment(h, 'booked', a);
    await waitFor(() => h.smtp.messages.some((m) => m.envelopeTo.includes('fb400@patient.example')), {
      timeoutMs: 15_000,
    });
    expect(h.http.requests.filter((r) => r.body.to === '+4790000400')).toHaveLength(1);
    // the mail sink holds the message before the dispatcher commits 'sent': wait for that commit
    const [row] = await settled(clinicId);
    expect(row!.status).toBe('sent');
    const sent = await call<{ items: { id: string }[] }>(
      h,
      'GET',
      `/v1/notifications?status=sent&kind=booking_confirmation`,
      token,
    );
    expect(sent.body.items.map((i) => i.id)).toEqual([row!.id]);
    const detail = await call<{ log: { event: string; errorCode: string | null }[] }>(
      h,
      'GET',
      `/v1/notifications/${row!.id}`,
      token,
    );
    expect(detail.body.log.find((e) => e.event === 'failed')!.errorCode).toBe(
      'notifications.provider_rejected',
    );
  });

  it('quiet hours: an SMS due at 23:00 Oslo time goes out at 08:00', async () => {
    const { clinicId, token } = await clinic();
    clock.set('2030-06-03T21:00:00Z'); // 23:00 CEST
    const a = await patient(token, clinicId, { phone: '+4790002300', preferredChannel: 'sms' });
    await publishAppointment(h, 'booked', a);
    await waitFor(
      async () =>
        (await notificationRows(h, clinicId)).some(
          (r) => r.kind === 'booking_confirmation' && r.due_at.getTime() > clock.now().getTime(),
        ),
      { timeoutMs: 15_000 },
    );
    const [row] = (await notificationRows(h, clinicId)).filter((r) => r.kind === 'booking_confirmation');
    expect(row!.due_at.toISOString()).toBe('2030-06-04T06:00:00.000Z'); // 08:00 CEST
    expect(h.http.requests.filter((r) => r.body.to === '+4790002300')).toHaveLength(0);
    clock.set('2030-06-04T06:00:00Z');
    h.dispatcher.poke();
    await waitFor(() => h.http.requests.some((r) => r.body.to === '+4790002300'), { timeoutMs: 15_000 });
    clock.set('2030-06-03T11:00:00Z');
  });

  it('key-vault access → one e-mail to the clinical administrator; without one, to the site creator', async () => {
    const withAdmin = await clinic();
    await call(h, 'PUT', '/v1/notification-settings', withAdmin.token, {
      clinicName: 'Admin-klinikken',
      timeZone: 'Europe/Oslo',
      defaultLanguage: 'en',
      clinicalAdminEmail: 'clinical-admin@clinic.example',
      quietHoursStart: '21:00',
      quietHoursEnd: '08:00',
    });
    const noAdmin = await clinic();
    const creator = `user-${randomUUID()}`;
    expect(
      (
        await call(h, 'PUT', `/v1/staff-directory/${creator}`, noAdmin.token, {
          email: 'creator@clinic.example',
          name: 'Site Creator',
        })
      ).status,
    ).toBe(200);
    for (const c of [withAdmin, noAdmin]) {
      await publishAlert(h, EVENTS.keyVaultAccessed, c.clinicId, randomUUID(), {
        clinicId: c.clinicId,
        siteId: randomUUID(),
        actor: 'admin-7',
        action: KeyVaultAction.VIEW,
        outcome: KeyVaultAccessOutcome.ALLOWED,
        accessedAt: timestampFromDate(clock.now()),
        siteCreatedBy: creator,
      });
    }
    await waitFor(
      () =>
        h.smtp.messages.some((m) => m.envelopeTo.includes('creator@clinic.example')) &&
        h.smtp.messages.some((m) => m.envelopeTo.includes('clinical-admin@clinic.example')),
      { timeoutMs: 15_000 },
    );
    expect(
      h.smtp.messages.filter((m) => m.envelopeTo.includes('clinical-admin@clinic.example')),
    ).toHaveLength(1);
    expect(h.smtp.messages.filter((m) => m.envelopeTo.includes('creator@clinic.example'))).toHaveLength(1);
    expect(
      h.smtp.messages.find((m) => m.envelopeTo.includes('clinical-admin@clinic.example'))!.subject,
    ).toContain('shared encryption key');
  });
});
