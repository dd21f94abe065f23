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

describe('scheduling.appointment.v1 booked → one confirmation e-mail over real SMTP', () => {
  let h: Harness;
  const clinicId = newClinicId();
  let token: string;

  beforeAll(async () => {
    h = await startHarness();
    token = await adminToken(h, clinicId);
    await configureClinic(h, token, {
      clinicName: 'Storgata legesenter',
      senderEmail: 'post@storgata.example',
      senderName: 'Storgata legesenter',
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('sends exactly one e-mail with the clinic sender, recipient, subject and Oslo local time; a redelivery sends nothing', async () => {
    const a = appointment(clinicId, new Date('2030-03-12T09:30:00Z'));
    const contact = await call(h, 'PUT', `/v1/patient-contacts/${a.patientId}`, token, {
      name: 'Ola Nordmann',
      email: 'ola@patient.example',
      preferredChannel: 'email',
    });
    expect(contact.status).toBe(200);

    const eventId = await publishAppointment(h, 'booked', a);
    await waitFor(() => h.smtp.messages.length >= 1, { timeoutMs: 20_000, what: 'the confirmation e-mail' });
    await publishAppointment(h, 'booked', a, eventId); // redelivery of the same event
    await waitFor(
      async () =>
        (await notificationRows(h, clinicId)).some(
          (r) => r.kind === 'booking_confirmation' && r.status === 'sent',
        ),
      { timeoutMs: 10_000 },
    );

    const mail = h.smtp.messages.filter((m) => m.envelopeTo.includes('ola@patient.example'));
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({
      envelopeFrom: 'post@storgata.example',
      subject: 'Timebekreftelse fra Storgata legesenter',
      tls: true,
    });
    expect(mail[0]!.from).toContain('Storgata legesenter');
    expect(mail[0]!.text).toContain('kl. 10:30'); // 09:30Z is 10:30 in Oslo (CET)
    expect(mail[0]!.text).toContain('Ola Nordmann');

    const rows = await notificationRows(h, clinicId);
    expect(rows.filter((r) => r.kind === 'booking_confirmation')).toHaveLength(1);
    expect(rows.filter((r) => r.kind === 'appointment_reminder')).toHaveLength(1); // far ahead: planned, not due
    const confirmation = rows.find((r) => r.kind === 'booking_confirmation')!;
    const detail = await call<{ status: string; log: { event: string; providerMessageId: string | null }[] }>(
      h,
      'GET',
      `/v1/notifications/${confirmation.id}`,
      token,
    );
    expect(detail.body.status).toBe('sent');
    expect(detail.body.log.map((e) => e.event)).toEqual(['requested', 'sent', 'provider_accepted']);
    expect(detail.body.log[2]!.providerMessageId).toBe(mail[0]!.messageId);
  });
});
