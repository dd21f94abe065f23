import { randomUUID } from 'node:crypto';
import { startTestService, type TestService } from '@carebus/testing';
import { MESSAGING_UNDER_TEST } from '../../test/messaging-under-test';
import { ThreadFixtures } from '../../test/thread-fixtures';
import { ThreadAccess } from './thread-access';
import { ThreadsService } from './threads.service';

describe('ThreadAccess.canRead (the port other modules call)', () => {
  let svc: TestService;
  let f: ThreadFixtures;
  let access: ThreadAccess;

  beforeAll(async () => {
    svc = await startTestService(MESSAGING_UNDER_TEST);
    f = new ThreadFixtures(svc.app);
    access = svc.app.get(ThreadAccess);
  });
  afterAll(() => svc?.close());

  const canRead = (clinicId: string, principal: Parameters<ThreadAccess['canRead']>[2], threadId: string) =>
    f.tenant.withTenant(clinicId, (tx) => access.canRead(tx, clinicId, principal, threadId));

  it('lets the patient, members of a routed inbox and the author read; not other patients or staff outside it', async () => {
    const clinic = randomUUID();
    const gp = randomUUID();
    const patient = await f.newPatient(clinic, gp);
    const { thread } = await f.incoming(clinic, patient, 'e_consultation');
    expect(await canRead(clinic, f.patient(clinic, patient), thread.id)).toBe(true);
    expect(await canRead(clinic, f.staff(clinic, gp, ['practitioner']), thread.id)).toBe(true);
    expect(await canRead(clinic, f.patient(clinic, randomUUID()), thread.id)).toBe(false);
    expect(await canRead(clinic, f.staff(clinic), thread.id)).toBe(false);
  });

  it('lets every member of the whole clinic read an e-contact routed there', async () => {
    const clinic = randomUUID();
    const member = randomUUID();
    await f.join(clinic, await f.wholeClinicUnit(clinic), member);
    const { thread } = await f.incoming(clinic, await f.newPatient(clinic));
    expect(await canRead(clinic, f.staff(clinic, member), thread.id)).toBe(true);
  });

  it("answers another clinic's thread like an unknown one", async () => {
    const clinic = randomUUID();
    const other = randomUUID();
    const gp = randomUUID();
    const { thread } = await f.incoming(clinic, await f.newPatient(clinic, gp), 'e_consultation');
    expect(await canRead(other, f.staff(other, gp, ['practitioner']), thread.id)).toBe(false);
    expect(await canRead(clinic, f.staff(other, gp, ['practitioner']), thread.id)).toBe(false);
  });

  it('hides a thread about a hidden appointment from a guardian but not from the patient', async () => {
    const clinic = randomUUID();
    const patient = await f.newPatient(clinic);
    const thread = await f.tenant.withTenant(clinic, (tx) =>
      svc.app.get(ThreadsService).receive(tx, {
        kind: 'e_contact',
        origin: 'platform',
        patientId: patient,
        subject: 'About my appointment',
        body: 'private',
        author: { actor: { subject: 'p', roles: ['patient'] }, kind: 'patient' },
        appointmentId: randomUUID(),
        hidden: true,
      }),
    );
    expect(await canRead(clinic, f.patient(clinic, patient, 'guardian'), thread.thread.id)).toBe(false);
    expect(await canRead(clinic, f.patient(clinic, patient), thread.thread.id)).toBe(true);
  });
});
