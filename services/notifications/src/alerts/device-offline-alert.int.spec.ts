import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { EVENTS } from '@carebus/contracts';
import { newClinicId, waitFor } from '@carebus/testing';
import {
  adminToken,
  configureClinic,
  handled,
  notificationRows,
  publishEvent,
  startHarness,
  type Harness,
} from '../../test/notifications-harness';

describe('devices.device.v1 DeviceOfflineAlert → the clinic admins are mailed, as for EHR sync alerts', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const offlineAlert = (clinicId: string, deviceId: string) => ({
    deviceId,
    clinicId,
    name: 'Resepsjonsterminal',
    hostname: 'resepsjon-pc',
    offlineSince: timestampFromDate(new Date('2030-03-12T09:30:00Z')),
    offlineFor: { seconds: 600n, nanos: 0 },
    alertedAt: timestampFromDate(new Date('2030-03-12T09:40:00Z')),
    version: 4n,
  });

  it('mails the clinical administrator once, also when the event is delivered twice; other device events mail nobody', async () => {
    const clinicId = newClinicId();
    await configureClinic(h, await adminToken(h, clinicId), {
      clinicName: 'Storgata legesenter',
      senderEmail: 'post@storgata.example',
      clinicalAdminEmail: 'klinikkadmin@storgata.example',
    });
    const deviceId = randomUUID();
    const publish = (eventId?: string) =>
      publishEvent(
        h,
        h.topics.device,
        EVENTS.deviceOfflineAlert,
        clinicId,
        deviceId,
        offlineAlert(clinicId, deviceId),
        eventId,
      );
    const eventId = await publish();
    await publish(eventId);
    const named = await publishEvent(h, h.topics.device, EVENTS.deviceNamed, clinicId, deviceId, {
      deviceId,
      clinicId,
      name: 'Resepsjonsterminal',
      version: 3n,
    });
    await waitFor(() => h.smtp.messages.some((m) => m.envelopeTo.includes('klinikkadmin@storgata.example')), {
      timeoutMs: 20_000,
      what: 'the offline alert e-mail',
    });
    await waitFor(() => handled(h, named), { timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const mail = h.smtp.messages.filter((m) => m.envelopeTo.includes('klinikkadmin@storgata.example'));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe('Varsel: klinikkenheten Resepsjonsterminal er frakoblet');
    // 09:30Z is 10:30 in Oslo (CET).
    expect(mail[0]!.text).toContain('(maskin resepsjon-pc) har vært frakoblet siden');
    expect(mail[0]!.text).toContain('kl. 10:30, i 10 minutter');
    const rows = await notificationRows(h, clinicId);
    expect(rows.map((r) => [r.kind, r.status])).toEqual([['device_offline_alert', 'sent']]);
  });

  it('without a clinical administrator the alert is on record as failed: no recipient', async () => {
    const clinicId = newClinicId();
    await configureClinic(h, await adminToken(h, clinicId), {
      clinicName: 'Uten admin',
      senderEmail: 'post@uten.example',
    });
    const deviceId = randomUUID();
    await publishEvent(
      h,
      h.topics.device,
      EVENTS.deviceOfflineAlert,
      clinicId,
      deviceId,
      offlineAlert(clinicId, deviceId),
    );
    await waitFor(async () => (await notificationRows(h, clinicId)).length === 1, { timeoutMs: 20_000 });
    const [row] = await notificationRows(h, clinicId);
    expect(row).toMatchObject({
      kind: 'device_offline_alert',
      status: 'failed',
      last_error: 'notifications.no_recipient',
    });
  });
});
