import { newClinicId, waitFor } from '@carebus/testing';
import {
  adminToken,
  appointment,
  call,
  notificationRows,
  publishAppointment,
  startHarness,
  type Harness,
} from '../../test/notifications-harness';

const OUTAGE_MS = 30_000;

describe('SMTP relay down for 30 s: notifications wait and go out when it returns, none lost or duplicated', () => {
  let h: Harness;
  const clinicId = newClinicId();

  beforeAll(async () => {
    h = await startHarness({ env: { RETRY_BASE_MS: '500', RETRY_MAX_MS: '4000' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('delivers all 20 confirmations exactly once after the outage', async () => {
    const token = await adminToken(h, clinicId);
    await h.smtp.stop();
    const recipients: string[] = [];
    for (let i = 0; i < 20; i++) {
      const a = appointment(clinicId, new Date(Date.now() + 10 * 3600_000));
      const email = `outage-${i}@patient.example`;
      recipients.push(email);
      await call(h, 'PUT', `/v1/patient-contacts/${a.patientId}`, token, { email });
      await publishAppointment(h, 'booked', a);
    }
    const outageEnds = Date.now() + OUTAGE_MS;
    await waitFor(
      async () =>
        (await notificationRows(h, clinicId)).filter((r) => r.last_error === 'notifications.smtp_unreachable')
          .length === 20,
      {
        timeoutMs: 20_000,
        what: 'every confirmation to have failed once against the stopped relay',
      },
    );
    // The outage itself: the relay stays down for 30 s of wall time.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, outageEnds - Date.now())));
    expect(h.smtp.messages).toHaveLength(0);
    expect((await notificationRows(h, clinicId)).every((r) => r.status === 'pending')).toBe(true);
    await h.smtp.start();
    await waitFor(() => h.smtp.messages.length >= 20, {
      timeoutMs: 30_000,
      what: 'all 20 after the relay is back',
    });
    await waitFor(async () => (await notificationRows(h, clinicId)).every((r) => r.status === 'sent'), {
      timeoutMs: 10_000,
    });
    expect(h.smtp.messages).toHaveLength(20);
    expect(new Set(h.smtp.messages.map((m) => m.envelopeTo[0])).size).toBe(20);
    expect(new Set(h.smtp.messages.map((m) => m.messageId)).size).toBe(20);
  }, 120_000);
});
