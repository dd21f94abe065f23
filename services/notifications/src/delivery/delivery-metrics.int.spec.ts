import { newClinicId, waitFor } from '@carebus/testing';
import {
  adminToken,
  appointment,
  call,
  configureClinic,
  notificationRows,
  publishAppointment,
  startHarness,
  type Harness,
} from '../../test/notifications-harness';

/** Value of one series in Prometheus text (labels matched as a subset; 0 when absent). */
function series(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return 0;
}

describe('notifications delivery metrics on /metrics', () => {
  let h: Harness;
  const clinicId = newClinicId();
  let token: string;
  const scrape = async () => (await fetch(`${h.svc.url}/metrics`)).text();
  /** Scrapes until `n` sent e-mails are counted; returns that scrape. */
  const scrapeWhenSent = (n: number, what: string) =>
    waitFor(
      async () => {
        const text = await scrape();
        return series(text, 'carebus_notifications_deliveries_total', {
          channel: 'email',
          outcome: 'sent',
        }) === n
          ? text
          : undefined;
      },
      { timeoutMs: 20_000, what },
    );

  beforeAll(async () => {
    h = await startHarness();
    token = await adminToken(h, clinicId);
    await configureClinic(h, token, {
      clinicName: 'Metrikkveien legesenter',
      senderEmail: 'post@metrikkveien.example',
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function book(email: string): Promise<void> {
    const a = appointment(clinicId, new Date(Date.now() + 10 * 24 * 3600_000));
    const contact = await call(h, 'PUT', `/v1/patient-contacts/${a.patientId}`, token, {
      name: 'Kari Nordmann',
      email,
      preferredChannel: 'email',
    });
    expect(contact.status).toBe(200);
    await publishAppointment(h, 'booked', a);
  }

  it('counts a sent e-mail with its provider call time, and reports the due backlog and its age', async () => {
    await book('kari@patient.example');
    const sent = await scrapeWhenSent(1, 'the sent e-mail counted');
    expect(h.smtp.messages).toHaveLength(1);
    expect(
      series(sent, 'carebus_notifications_provider_call_duration_seconds_count', { channel: 'email' }),
    ).toBe(1);
    // The reminder is planned 8 days ahead: pending, not due.
    expect(series(sent, 'carebus_notifications_due_backlog_jobs')).toBe(0);
    expect(series(sent, 'carebus_notifications_oldest_due_seconds')).toBe(0);

    // With the dispatcher stopped, the next confirmation stays due and ages.
    await h.dispatcher.stop();
    await book('per@patient.example');
    await waitFor(
      async () =>
        (await notificationRows(h, clinicId)).filter((r) => r.kind === 'booking_confirmation').length === 2,
      { timeoutMs: 20_000, what: 'the second confirmation planned' },
    );
    const waiting = await waitFor(
      async () => {
        const text = await scrape();
        return series(text, 'carebus_notifications_oldest_due_seconds') >= 1 ? text : undefined;
      },
      { timeoutMs: 10_000, what: 'the due confirmation to be a second old' },
    );
    expect(series(waiting, 'carebus_notifications_due_backlog_jobs')).toBe(1);

    h.dispatcher.start();
    const drained = await scrapeWhenSent(2, 'the second e-mail counted');
    expect(series(drained, 'carebus_notifications_due_backlog_jobs')).toBe(0);
    expect(series(drained, 'carebus_notifications_oldest_due_seconds')).toBe(0);

    // Labels carry channel and outcome only: no clinic, patient or address data.
    for (const phi of ['Metrikkveien', 'Nordmann', '@patient.example', clinicId]) {
      expect(drained).not.toContain(phi);
    }
  });
});
