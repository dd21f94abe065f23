import { randomUUID } from 'node:crypto';
import { startTestService, type TestService } from '@carebus/testing';
import { MessagingApi } from '../../test/messaging-api';
import { MESSAGING_UNDER_TEST } from '../../test/messaging-under-test';

interface Started {
  thread: { id: string; kind: string; origin: string; routingMode: string };
}

describe('routing of incoming dialogues', () => {
  let svc: TestService;
  let api: MessagingApi;

  beforeAll(async () => {
    svc = await startTestService(MESSAGING_UNDER_TEST);
    api = new MessagingApi(svc);
  });
  afterAll(() => svc?.close());

  async function send(clinic: string, patient: string, kind: string) {
    const p = await api.patient(clinic, patient);
    const body = {
      kind,
      subject: 'Question',
      body: 'Dear clinic',
      prescriptions: [{ name: 'Ventoline', strength: '0.1 mg', dosage: '2 puffs' }],
    };
    const res = await p.call<Started>('POST', '/my/threads', body);
    expect(res.status).toBe(201);
    return res.body.thread;
  }

  async function reasons(clinic: string, threadId: string) {
    return (await api.f.routedInboxes(clinic, threadId)).map((r) => `${r.reason}:${r.inboxId}`).sort();
  }

  it('routes by the defaults: e-consultation to the GP, e-contact and renewal to the whole clinic', async () => {
    const clinic = randomUUID();
    const gp = randomUUID();
    const patient = await api.f.newPatient(clinic, gp);
    const gpInbox = await api.f.personalInbox(clinic, gp);
    const clinicInbox = await api.f.wholeClinicInbox(clinic);
    const consultation = await send(clinic, patient, 'e_consultation');
    expect(await reasons(clinic, consultation.id)).toEqual([`practitioner:${gpInbox}`]);
    expect(consultation.routingMode).toBe('practitioner');
    expect(consultation.origin).toBe('platform');
    expect(await reasons(clinic, (await send(clinic, patient, 'e_contact')).id)).toEqual([
      `receiver:${clinicInbox}`,
    ]);
    const renewal = await send(clinic, patient, 'prescription_renewal');
    expect(await reasons(clinic, renewal.id)).toEqual([`receiver:${clinicInbox}`]);
  });

  it('routes to the selected receiver, or to both, as the clinic admin sets it', async () => {
    const clinic = randomUUID();
    const gp = randomUUID();
    const patient = await api.f.newPatient(clinic, gp);
    const admin = await api.admin(clinic);
    const unit = await admin.call<{ id: string }>('POST', '/messaging/units', {
      kind: 'group',
      name: 'Nurses',
    });
    expect(unit.status).toBe(201);
    const nurses = await api.f.tenant.withTenant(clinic, async () => unit.body.id);
    const receiver = await admin.call('PUT', '/routing-rules/e_consultation', {
      mode: 'receiver',
      receiverUnitId: nurses,
      expectedVersion: 0,
    });
    expect(receiver.status).toBe(200);
    const toNurses = await send(clinic, patient, 'e_consultation');
    const reasonsNurses = await api.f.routedInboxes(clinic, toNurses.id);
    expect(reasonsNurses.map((r) => r.reason)).toEqual(['receiver']);
    const both = await admin.call('PUT', '/routing-rules/e_consultation', {
      mode: 'both',
      receiverUnitId: nurses,
      expectedVersion: 1,
    });
    expect(both.status).toBe(200);
    const toBoth = await send(clinic, patient, 'e_consultation');
    const bothReasons = await api.f.routedInboxes(clinic, toBoth.id);
    expect(bothReasons.map((r) => r.reason)).toEqual(['practitioner', 'receiver']);
    expect(bothReasons.find((r) => r.reason === 'receiver')?.inboxId).toBe(reasonsNurses[0]?.inboxId);
    expect(bothReasons.find((r) => r.reason === 'practitioner')?.inboxId).toBe(
      await api.f.personalInbox(clinic, gp),
    );
  });

  it('leaves existing threads where they were routed when a rule changes', async () => {
    const clinic = randomUUID();
    const patient = await api.f.newPatient(clinic, randomUUID());
    const admin = await api.admin(clinic);
    const before = await send(clinic, patient, 'e_contact');
    const routedBefore = await reasons(clinic, before.id);
    const unit = await admin.call<{ id: string }>('POST', '/messaging/units', {
      kind: 'position',
      name: 'Reception',
    });
    await admin.call('PUT', '/routing-rules/e_contact', {
      mode: 'receiver',
      receiverUnitId: unit.body.id,
      expectedVersion: 0,
    });
    const after = await send(clinic, patient, 'e_contact');
    expect(await reasons(clinic, before.id)).toEqual(routedBefore);
    expect(await reasons(clinic, after.id)).not.toEqual(routedBefore);
  });

  it('sends to the whole clinic when the practitioner rule finds no listed GP, and says so', async () => {
    const clinic = randomUUID();
    const patient = await api.f.newPatient(clinic, null);
    const thread = await send(clinic, patient, 'e_consultation');
    expect(await reasons(clinic, thread.id)).toEqual([`receiver:${await api.f.wholeClinicInbox(clinic)}`]);
  });

  it('refuses a rule change by staff who are not clinic admins, and a stale version', async () => {
    const clinic = randomUUID();
    const staff = await api.staff(clinic);
    const refused = await staff.call('PUT', '/routing-rules/e_contact', {
      mode: 'practitioner',
      expectedVersion: 0,
    });
    expect(refused.status).toBe(403);
    const admin = await api.admin(clinic);
    expect(
      (await admin.call('PUT', '/routing-rules/e_contact', { mode: 'practitioner', expectedVersion: 0 }))
        .status,
    ).toBe(200);
    const stale = await admin.call<{ code: string }>('PUT', '/routing-rules/e_contact', {
      mode: 'practitioner',
      expectedVersion: 0,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('messaging.routing_rule_version_mismatch');
  });
});
