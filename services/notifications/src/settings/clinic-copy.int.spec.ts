import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { deadLetterTopic, EVENTS, KeyVaultAccessOutcome, KeyVaultAction } from '@carebus/contracts';
import { newClinicId, recordCount, testKafka, waitFor } from '@carebus/testing';
import {
  adminToken,
  call,
  handled,
  publishAlert,
  publishClinic,
  startHarness,
  type Harness,
} from '../../test/notifications-harness';

interface Settings {
  clinicName: string;
  timeZone: string;
  clinicalAdminEmail: string | null;
  clinicVersion: number | null;
  quietHoursStart: string;
}

describe("scheduling.clinic.v1 keeps the clinic's copy in the notification settings", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  async function clinic() {
    const clinicId = newClinicId();
    return { clinicId, token: await adminToken(h, clinicId) };
  }
  const settingsOf = async (token: string) =>
    (await call<Settings>(h, 'GET', '/v1/notification-settings', token)).body;
  const untilVersion = (token: string, version: number) =>
    waitFor(
      async () => {
        const s = await settingsOf(token);
        return s.clinicVersion === version ? s : null;
      },
      { timeoutMs: 15_000, what: `clinic version ${version} in the settings` },
    );
  const clinicEvent = (
    version: number,
    overrides: Partial<{ name: string; timeZone: string; email: string }> = {},
  ) => ({
    name: overrides.name ?? 'Fjordbyen legesenter',
    timeZone: overrides.timeZone ?? 'Europe/Oslo',
    clinicalAdminEmail: overrides.email ?? 'klinikkadmin@fjordbyen.example',
    version,
  });

  /** carebus_stale_events_total of the clinic consumer for ClinicUpdated, from /metrics. */
  async function staleUpdates(): Promise<number> {
    const text = await (await fetch(`${h.svc.url}/metrics`)).text();
    const consumer = `consumer="${h.env.NOTIFICATIONS_CONSUMER_GROUP}-clinics"`;
    const line = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith('carebus_stale_events_total{') &&
          l.includes(consumer) &&
          l.includes(`event_type="${EVENTS.clinicUpdated.type}"`),
      );
    return line ? Number(line.split(' ').pop()) : 0;
  }

  it('takes name, time zone and administrator e-mail from ClinicCreated, and ignores an older update (counted as stale)', async () => {
    const staleBefore = await staleUpdates();
    const { clinicId, token } = await clinic();
    await publishClinic(h, clinicId, clinicEvent(1));
    expect(await untilVersion(token, 1)).toMatchObject({
      clinicName: 'Fjordbyen legesenter',
      timeZone: 'Europe/Oslo',
      clinicalAdminEmail: 'klinikkadmin@fjordbyen.example',
      quietHoursStart: '21:00',
    });

    await publishClinic(
      h,
      clinicId,
      clinicEvent(3, { timeZone: 'Europe/Stockholm', email: 'tre@fjordbyen.example' }),
    );
    await untilVersion(token, 3);
    const late = await publishClinic(
      h,
      clinicId,
      clinicEvent(2, { timeZone: 'UTC', email: 'to@fjordbyen.example' }),
    );
    await waitFor(() => handled(h, late), { timeoutMs: 15_000, what: 'the late update handled' });
    expect(await settingsOf(token)).toMatchObject({
      timeZone: 'Europe/Stockholm',
      clinicalAdminEmail: 'tre@fjordbyen.example',
      clinicVersion: 3,
    });
    await waitFor(async () => (await staleUpdates()) === staleBefore + 1, {
      timeoutMs: 5_000,
      what: 'the late update counted as stale',
    });
  });

  it('sends a staff alert to the administrator e-mail the clinic event brought', async () => {
    const { clinicId, token } = await clinic();
    const email = `admin-${randomUUID().slice(0, 8)}@fjordbyen.example`;
    await publishClinic(h, clinicId, clinicEvent(1, { email }));
    await untilVersion(token, 1);
    await publishAlert(h, EVENTS.keyVaultAccessed, clinicId, randomUUID(), {
      clinicId,
      siteId: randomUUID(),
      actor: 'admin-7',
      action: KeyVaultAction.VIEW,
      outcome: KeyVaultAccessOutcome.ALLOWED,
      accessedAt: timestampFromDate(new Date()),
      siteCreatedBy: 'creator-1',
    });
    await waitFor(() => h.smtp.messages.some((m) => m.envelopeTo.includes(email)), {
      timeoutMs: 15_000,
      what: 'the alert e-mail',
    });
    // nb is the default language; the clinic's name in the subject came with the clinic event too.
    expect(h.smtp.messages.find((m) => m.envelopeTo.includes(email))!.subject).toBe(
      'Varsel: krypteringsnøkkelen til Fjordbyen legesenter ble brukt',
    );
  });

  describe('the settings API and the clinic events', () => {
    const own = { defaultLanguage: 'nb', quietHoursStart: '22:00', quietHoursEnd: '07:00' };

    it('before any clinic event, a PUT sets name, time zone and e-mail; the first event then replaces them', async () => {
      const { clinicId, token } = await clinic();
      const put = await call(h, 'PUT', '/v1/notification-settings', token, {
        ...own,
        clinicName: 'Eget navn',
        timeZone: 'Europe/London',
        clinicalAdminEmail: 'eget@fjordbyen.example',
      });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ timeZone: 'Europe/London', clinicVersion: null });
      await publishClinic(h, clinicId, clinicEvent(1));
      expect(await untilVersion(token, 1)).toMatchObject({
        clinicName: 'Fjordbyen legesenter',
        timeZone: 'Europe/Oslo',
        clinicalAdminEmail: 'klinikkadmin@fjordbyen.example',
        quietHoursStart: '22:00',
      });
    });

    it('after it, a PUT that leaves them out or repeats them keeps them, and one that changes them is 409', async () => {
      const { clinicId, token } = await clinic();
      await publishClinic(h, clinicId, clinicEvent(1));
      const synced = await untilVersion(token, 1);

      const leftOut = await call<Settings>(h, 'PUT', '/v1/notification-settings', token, own);
      expect(leftOut.status).toBe(200);
      expect(leftOut.body).toMatchObject({
        timeZone: 'Europe/Oslo',
        clinicalAdminEmail: 'klinikkadmin@fjordbyen.example',
        quietHoursStart: '22:00',
        clinicVersion: 1,
      });
      // What GET answered goes back unchanged (a read-modify-write client).
      const roundTrip = await call(h, 'PUT', '/v1/notification-settings', token, { ...synced, ...own });
      expect(roundTrip.status).toBe(200);

      const changed = await call(h, 'PUT', '/v1/notification-settings', token, {
        ...own,
        timeZone: 'Europe/London',
        clinicalAdminEmail: null,
      });
      expect(changed.status).toBe(409);
      expect(changed.body).toMatchObject({
        code: 'notifications.clinic_field_owned_by_scheduling',
        fields: ['timeZone', 'clinicalAdminEmail'],
      });
      expect(await settingsOf(token)).toMatchObject({ timeZone: 'Europe/Oslo', quietHoursStart: '22:00' });

      // A later clinic event changes them and leaves the API's own settings alone.
      await publishClinic(h, clinicId, clinicEvent(2, { timeZone: 'Europe/Helsinki' }));
      expect(await untilVersion(token, 2)).toMatchObject({
        timeZone: 'Europe/Helsinki',
        quietHoursStart: '22:00',
      });
    });
  });

  it('dead-letters a clinic event without a usable time zone instead of storing it', async () => {
    const { clinicId, token } = await clinic();
    const dlq = deadLetterTopic(h.topics.clinic, `${h.env.NOTIFICATIONS_CONSUMER_GROUP}-clinics`);
    await publishClinic(h, clinicId, clinicEvent(1, { timeZone: 'Mars/Olympus_Mons' }));
    await waitFor(async () => (await recordCount(testKafka(), dlq)) === 1, {
      timeoutMs: 15_000,
      what: 'the clinic event in the dead-letter topic',
    });
    expect((await settingsOf(token)).clinicVersion).toBeNull();
    await publishClinic(h, clinicId, clinicEvent(2));
    expect(await untilVersion(token, 2)).toMatchObject({ timeZone: 'Europe/Oslo' });
  });
});
