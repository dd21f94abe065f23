import { randomUUID } from 'node:crypto';
import { startTestService, type TestService } from '@carebus/testing';
import { MessagingApi } from '../../test/messaging-api';
import { MESSAGING_UNDER_TEST } from '../../test/messaging-under-test';

interface View {
  thread: { id: string; kind: string; renewalOutcome: string | null };
  messages: { body: string; renewalOutcome: string | null; direction: string }[];
  prescriptions: { position: number; name: string; renewed: boolean | null }[];
}

describe('prescription renewal requests and their answers', () => {
  let svc: TestService;
  let api: MessagingApi;

  beforeAll(async () => {
    svc = await startTestService(MESSAGING_UNDER_TEST);
    api = new MessagingApi(svc);
  });
  afterAll(() => svc?.close());

  async function request(clinic: string) {
    const patient = await api.f.newPatient(clinic, null);
    const p = await api.patient(clinic, patient);
    const res = await p.call<{ thread: { id: string } }>('POST', '/my/threads', {
      kind: 'prescription_renewal',
      subject: 'Renewal',
      body: 'Please renew',
      prescriptions: [
        { name: 'Ventoline', strength: '0.1 mg/dose', dosage: '2 puffs as needed' },
        { name: 'Paracetamol', strength: '500 mg', dosage: '1 tablet 4 times a day' },
      ],
    });
    expect(res.status).toBe(201);
    const staff = await api.staff(clinic);
    await api.f.join(clinic, await api.f.wholeClinicUnit(clinic), staff.sub);
    return { threadId: res.body.thread.id, staff, p };
  }

  it.each(['rejected', 'renewed', 'cannot_be_renewed'] as const)(
    'answers %s with a message the patient sees',
    async (outcome) => {
      const clinic = randomUUID();
      const { threadId, staff, p } = await request(clinic);
      const answer = await staff.call('POST', `/threads/${threadId}/renewal-answer`, {
        outcome,
        body: `Answer: ${outcome}`,
      });
      expect(answer.status).toBe(201);
      const view = await p.call<View>('GET', `/my/threads/${threadId}`);
      expect(view.body.thread.renewalOutcome).toBe(outcome);
      expect(view.body.messages.at(-1)).toMatchObject({
        body: `Answer: ${outcome}`,
        renewalOutcome: outcome,
        direction: 'outbound',
      });
      expect(view.body.prescriptions.map((i) => i.renewed)).toEqual(
        outcome === 'renewed' ? [true, true] : [false, false],
      );
    },
  );

  it('answers partly_renewed naming the renewed items, and converts the answer to an e-contact', async () => {
    const clinic = randomUUID();
    const { threadId, staff } = await request(clinic);
    const bad = await staff.call<{ code: string }>('POST', `/threads/${threadId}/renewal-answer`, {
      outcome: 'partly_renewed',
      body: 'Some',
    });
    expect(bad.body.code).toBe('messaging.renewal_items_invalid');
    const ok = await staff.call('POST', `/threads/${threadId}/renewal-answer`, {
      outcome: 'partly_renewed',
      renewedItems: [2],
      body: 'Paracetamol renewed; see me about the inhaler',
    });
    expect(ok.status).toBe(201);
    const view = await staff.call<View>('GET', `/threads/${threadId}`);
    expect(view.body.prescriptions.map((i) => [i.name, i.renewed])).toEqual([
      ['Ventoline', false],
      ['Paracetamol', true],
    ]);
    const twice = await staff.call<{ code: string }>('POST', `/threads/${threadId}/renewal-answer`, {
      outcome: 'renewed',
      body: 'x',
    });
    expect(twice.body.code).toBe('messaging.renewal_not_open');
    const converted = await staff.call<{ kind: string; convertedFrom: string }>(
      'POST',
      `/threads/${threadId}/convert`,
      { to: 'e_contact' },
    );
    expect(converted.body).toMatchObject({ kind: 'e_contact', convertedFrom: 'prescription_renewal' });
  });

  it('refuses a renewal answer from the patient', async () => {
    const clinic = randomUUID();
    const { threadId, p } = await request(clinic);
    const res = await p.call('POST', `/threads/${threadId}/renewal-answer`, {
      outcome: 'renewed',
      body: 'x',
    });
    expect(res.status).toBe(403);
  });
});
