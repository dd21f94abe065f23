import { randomUUID } from 'node:crypto';
import { newTopicSuffix, requestJson, waitFor, type ServiceProcess } from '@carebus/testing';
import { startMessagingHarness, type MessagingHarness } from '../../test/messaging-harness';
import { nationalIds } from '../../test/national-ids';
import { startNotificationsProcess } from '../../test/notifications-process';

type Reach = { reachable: boolean; reason: string };

/**
 * notifications (its built process) makes the same portal decision as messaging for the same
 * patient, from messaging.patient_reachability.v1 through messaging's outbox and Kafka; its own
 * portalReachable field can no longer be written.
 */
describe('notifications follows messaging’s reachability', () => {
  let h: MessagingHarness;
  let notifications: ServiceProcess;
  const clinicId = randomUUID();
  const topic = `test.${newTopicSuffix()}.messaging.patient_reachability.v1`;
  let staff: string;
  let portal: string;
  let admin: string;

  beforeAll(async () => {
    h = await startMessagingHarness({ MESSAGING_REACHABILITY_TOPIC: topic });
    notifications = await startNotificationsProcess(h.svc, topic);
    staff = await h.token(clinicId, ['staff']);
    portal = await h.token(clinicId, ['partner'], 'national-portal');
    admin = await h.token(clinicId, ['clinic_admin']);
  }, 120_000);
  afterAll(async () => {
    await notifications?.stop();
    await h?.close();
  });

  const contact = (patientId: string) =>
    requestJson<{ portalReachable?: boolean; code?: string }>(
      notifications.url,
      'GET',
      `/v1/patient-contacts/${patientId}`,
      admin,
    );

  it('answers portalReachable as messaging decides, for every reason and after each change', async () => {
    const patients = await Promise.all(
      [nationalIds.birthNumber, nationalIds.dNumber, nationalIds.hNumber, nationalIds.failsMod11].map(
        async (number) => {
          const patientId = randomUUID();
          const nationalId = number();
          await requestJson(notifications.url, 'PUT', `/v1/patient-contacts/${patientId}`, admin, {
            name: 'Kari Nordmann',
            email: 'kari@patient.example',
          });
          await h.call('PUT', `/v1/clinics/${clinicId}/patients/${patientId}/national-id`, staff, {
            nationalId,
          });
          await h.call('PUT', `/v1/clinics/${clinicId}/patients/${patientId}/consent`, staff, {
            consent: true,
          });
          await h.call('POST', '/v1/partner/portal/patient-status', portal, {
            nationalId,
            portalAccount: 'active',
            consent: true,
          });
          return patientId;
        },
      ),
    );
    const same = async () => {
      for (const patientId of patients) {
        const decided = await h.call<Reach>(
          'GET',
          `/v1/clinics/${clinicId}/patients/${patientId}/reachability`,
          staff,
        );
        const seen = await contact(patientId);
        if (seen.body.portalReachable !== decided.body.reachable) return false;
      }
      return true;
    };
    await waitFor(same, { timeoutMs: 30_000, what: 'notifications to agree with messaging' });
    const reachable = await Promise.all(patients.map(async (id) => (await contact(id)).body.portalReachable));
    expect(reachable).toEqual([true, true, false, false]);

    // Consent withdrawn in messaging: notifications stops using the portal for that patient.
    await h.call('PUT', `/v1/clinics/${clinicId}/patients/${patients[0]}/consent`, staff, { consent: false });
    await waitFor(async () => (await contact(patients[0]!)).body.portalReachable === false, {
      timeoutMs: 30_000,
      what: 'the withdrawn consent to reach notifications',
    });
    expect(await same()).toBe(true);
  }, 90_000);

  it('refuses a contact write that sets portalReachable, with a code', async () => {
    const refused = await requestJson<{ code: string }>(
      notifications.url,
      'PUT',
      `/v1/patient-contacts/${randomUUID()}`,
      admin,
      { name: 'Ola Nordmann', portalReachable: true },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('notifications.portal_reachable_read_only');
  });
});
