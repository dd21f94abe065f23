import { randomUUID } from 'node:crypto';
import { newClinicId } from '@carebus/testing';
import { adminToken, call, startHarness, type Harness } from '../test/notifications-harness';

describe('REST: bad input answers problem+json 4xx on every endpoint', () => {
  let h: Harness;
  const clinicId = newClinicId();
  let admin: string;
  let staff: string;

  beforeAll(async () => {
    h = await startHarness({ env: { DISPATCH_ENABLED: 'false' } });
    admin = await adminToken(h, clinicId);
    staff = await adminToken(h, clinicId, ['staff']);
  });
  afterAll(async () => {
    await h?.close();
  });

  const settings = {
    clinicName: 'K',
    timeZone: 'Europe/Oslo',
    defaultLanguage: 'nb',
    quietHoursStart: '21:00',
    quietHoursEnd: '08:00',
  };
  const id = randomUUID();

  it.each<[string, string, unknown, number, string]>([
    ['PUT', '/v1/notification-settings', { ...settings, timeZone: 'Mars/Olympus' }, 400, 'validation.failed'],
    ['PUT', '/v1/notification-settings', { ...settings, quietHoursStart: '25:00' }, 400, 'validation.failed'],
    [
      'PUT',
      '/v1/notification-settings',
      { ...settings, clinicalAdminEmail: 'not-an-email' },
      400,
      'validation.failed',
    ],
    ['PUT', '/v1/notification-settings', '{"broken json', 400, ''],
    ['PUT', `/v1/notification-enablement/planet/${id}`, { channels: ['email'] }, 400, 'validation.failed'],
    [
      'PUT',
      `/v1/notification-enablement/calendar/not-a-uuid`,
      { channels: ['email'] },
      400,
      'validation.failed',
    ],
    ['PUT', `/v1/notification-enablement/calendar/${id}`, { channels: ['fax'] }, 400, 'validation.failed'],
    [
      'PUT',
      `/v1/notification-enablement/clinic/${id}`,
      { channels: ['email'] },
      404,
      'notifications.clinic_not_found',
    ],
    [
      'DELETE',
      `/v1/notification-enablement/calendar/${id}`,
      undefined,
      404,
      'notifications.enablement_not_found',
    ],
    ['PUT', `/v1/patient-contacts/not-a-uuid`, { email: 'a@b.example' }, 400, 'validation.failed'],
    ['PUT', `/v1/patient-contacts/${id}`, { phone: '12345' }, 400, 'validation.failed'],
    ['PUT', `/v1/patient-contacts/${id}`, { preferredChannel: 'pigeon' }, 400, 'validation.failed'],
    ['PUT', `/v1/patient-contacts/${id}`, { email: 'a@b.example', extra: 1 }, 400, 'validation.failed'],
    // PostgreSQL stores no NUL in text: refused up front, not a 500 from the insert.
    [
      'PUT',
      `/v1/patient-contacts/${id}`,
      { name: 'Jane\u0000Doe', email: 'a@b.example' },
      400,
      'validation.failed',
    ],
    ['GET', `/v1/patient-contacts/${id}`, undefined, 404, 'notifications.contact_not_found'],
    ['PUT', `/v1/staff-directory/bad%20id`, { email: 'a@b.example' }, 400, 'validation.failed'],
    ['PUT', `/v1/staff-directory/u1`, { email: 'nope' }, 400, 'validation.failed'],
    ['PUT', `/v1/templates/no_such_kind/nb`, { subject: 's', body: 'b' }, 400, 'validation.failed'],
    ['PUT', `/v1/templates/booking_confirmation/de`, { subject: 's', body: 'b' }, 400, 'validation.failed'],
    [
      'PUT',
      `/v1/templates/booking_confirmation/nb`,
      { subject: 's', body: '{{#if}}' },
      400,
      'notifications.template_invalid',
    ],
    ['DELETE', `/v1/templates/booking_confirmation/nb`, undefined, 404, 'notifications.template_not_found'],
    ['POST', `/v1/templates/preview`, { kind: 'booking_confirmation' }, 400, 'validation.failed'],
    ['GET', `/v1/notifications?limit=0`, undefined, 400, 'validation.failed'],
    ['GET', `/v1/notifications?status=lost`, undefined, 400, 'validation.failed'],
    ['GET', `/v1/notifications?cursor=garbage`, undefined, 400, 'validation.failed'],
    ['GET', `/v1/notifications/not-a-uuid`, undefined, 400, 'validation.failed'],
    ['GET', `/v1/notifications/${id}`, undefined, 404, 'notifications.notification_not_found'],
    ['POST', `/v1/notifications/${id}/resend`, undefined, 404, 'notifications.notification_not_found'],
  ])('%s %s → %i', async (method, path, body, status, code) => {
    const res = await call(h, method, path, admin, body);
    expect(res.status).toBe(status);
    expect(res.contentType).toContain('application/problem+json');
    if (code) expect(res.body.code).toBe(code);
  });

  it('answers 401 without a token and 403 to a role that may not manage notifications', async () => {
    expect((await call(h, 'GET', '/v1/notification-settings', undefined)).status).toBe(401);
    const forbidden = await call(h, 'GET', `/v1/notifications`, staff);
    expect(forbidden.status).toBe(403);
    expect(forbidden.contentType).toContain('application/problem+json');
  });

  it('previews a template with every variable HTML-escaped in the e-mail body', async () => {
    const res = await call<{ subject: string; text: string; html: string }>(
      h,
      'POST',
      '/v1/templates/preview',
      admin,
      {
        kind: 'booking_confirmation',
        language: 'en',
        body: 'Hi {{patientName}}, see you {{dateTime}}',
        variables: { patientName: '<script>alert(1)</script>' },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.html).toContain('&lt;script&gt;');
    expect(res.body.html).not.toContain('<script>');
    expect(res.body.text).toContain('<script>');
  });

  it('pages the delivery log with a cursor', async () => {
    const res = await call<{ items: unknown[]; nextCursor: string | null }>(
      h,
      'GET',
      '/v1/notifications?limit=5',
      admin,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], nextCursor: null });
  });
});
