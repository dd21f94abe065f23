import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  decodeEventPayload,
  DialogueKind,
  DialogueOrigin,
  EVENTS,
  PortalAccountState,
  ReachabilityReason,
} from '@carebus/contracts';
import { newClinicId, waitFor } from '@carebus/testing';
import {
  adminToken,
  asOwner,
  call,
  configureClinic,
  handled,
  publishEvent,
  startHarness,
  type Harness,
} from '../../test/notifications-harness';

describe('messaging.dialogue.v1 → notices of new dialogues, once per event and recipient', () => {
  let h: Harness;
  const clinicId = newClinicId();
  let token: string;

  beforeAll(async () => {
    h = await startHarness();
    token = await adminToken(h, clinicId);
    // No quiet hours: SMS goes out whenever the test runs.
    await configureClinic(h, token, {
      clinicName: 'Storgata legesenter',
      senderEmail: 'post@storgata.example',
      quietHoursStart: '00:00',
      quietHoursEnd: '00:00',
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  const posted = (init: {
    staffInboxes?: { inboxId: string; subjects: string[] }[];
    patientId?: string;
    origin?: DialogueOrigin;
    kind?: DialogueKind;
    threadId?: string;
  }) => {
    const threadId = init.threadId ?? randomUUID();
    const payload = {
      clinicId,
      threadId,
      messageId: randomUUID(),
      kind: init.kind ?? DialogueKind.E_CONTACT,
      origin: init.origin ?? DialogueOrigin.PLATFORM,
      newThread: true,
      hidden: false,
      postedAt: timestampFromDate(new Date()),
      staffInboxes: init.staffInboxes ?? [],
      patientId: init.patientId ?? '',
    };
    return (eventId?: string) =>
      publishEvent(h, h.topics.dialogue, EVENTS.dialogueMessagePosted, clinicId, threadId, payload, eventId);
  };
  const rowsOf = async (eventId: string) =>
    asOwner(
      h,
      async (db) =>
        (
          await db.query(
            `SELECT id, kind, recipient_id, status, channels, last_error FROM notifications.notifications
              WHERE clinic_id = $1 AND cause_event_id = $2 ORDER BY recipient_id`,
            [clinicId, eventId],
          )
        ).rows as {
          id: string;
          kind: string;
          recipient_id: string;
          status: string;
          channels: string[];
          last_error: string | null;
        }[],
    );
  const putStaff = async (userId: string, body: object) => {
    const res = await call(h, 'PUT', `/v1/staff-directory/${userId}`, token, body);
    expect(res.status).toBe(200);
  };

  it('tells each staff member of the routed inboxes once by their opted-in channel; others are skipped with a reason', async () => {
    const [a, b, none, quiet] = ['gp-a', 'nurse-b', 'temp-c', 'admin-d'].map((s) => `${s}-${randomUUID()}`);
    await putStaff(a!, { email: 'a@staff.example', name: 'Dr A', dialogueChannels: ['email'] });
    await putStaff(b!, { email: 'b@staff.example', phone: '+4790000001', dialogueChannels: ['email'] });
    await putStaff(quiet!, { email: 'd@staff.example' }); // no opt-in
    const publish = posted({
      kind: DialogueKind.E_CONSULTATION,
      staffInboxes: [
        { inboxId: randomUUID(), subjects: [a!, none!] },
        { inboxId: randomUUID(), subjects: [a!, b!, quiet!] },
      ],
    });
    const eventId = await publish();
    await waitFor(async () => (await rowsOf(eventId)).filter((r) => r.status === 'sent').length === 2, {
      timeoutMs: 20_000,
      what: 'two staff notices sent',
    });
    await publish(eventId); // the same event again
    await waitFor(() => handled(h, eventId), { timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const rows = await rowsOf(eventId);
    expect(rows.map((r) => [r.recipient_id, r.kind, r.status, r.last_error])).toEqual(
      [
        [a, 'new_dialogue_staff', 'sent', null],
        [b, 'new_dialogue_staff', 'sent', null],
        [none, 'new_dialogue_staff', 'suppressed', 'notifications.no_staff_contact'],
        [quiet, 'new_dialogue_staff', 'suppressed', 'notifications.not_opted_in'],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    for (const address of ['a@staff.example', 'b@staff.example']) {
      const mail = h.smtp.messages.filter((m) => m.envelopeTo.includes(address));
      expect(mail).toHaveLength(1);
      expect(mail[0]!.subject).toBe('Ny dialog i innboksen din (e-konsultasjon)');
      expect(mail[0]!.text).toContain('Logg inn for å lese den.');
    }
    expect(h.smtp.messages.some((m) => m.envelopeTo.includes('d@staff.example'))).toBe(false);
    expect(h.http.requests.filter((r) => r.body.to === '+4790000001')).toHaveLength(0);
  });

  it('tells a portal-reachable patient through one portal message, and an unreachable one by SMS; never a national-portal thread', async () => {
    const reachable = randomUUID();
    const unreachable = randomUUID();
    for (const [patientId, phone] of [
      [reachable, '+4791111111'],
      [unreachable, '+4792222222'],
    ] as const) {
      const res = await call(h, 'PUT', `/v1/patient-contacts/${patientId}`, token, {
        name: 'Kari Nordmann',
        phone,
        preferredChannel: 'sms',
      });
      expect(res.status).toBe(200);
    }
    expect(
      (await call(h, 'PUT', `/v1/notification-enablement/clinic/${clinicId}`, token, { channels: ['sms'] }))
        .status,
    ).toBe(200);
    await publishEvent(h, h.topics.reachability, EVENTS.patientReachabilityChanged, clinicId, reachable, {
      clinicId,
      patientId: reachable,
      reachable: true,
      reason: ReachabilityReason.REACHABLE,
      version: 1n,
      consent: true,
      portalAccount: PortalAccountState.ACTIVE,
      changedAt: timestampFromDate(new Date()),
    });
    await waitFor(
      async () =>
        (await call<{ portalReachable: boolean }>(h, 'GET', `/v1/patient-contacts/${reachable}`, token)).body
          .portalReachable,
      { timeoutMs: 20_000, what: 'the patient reachable through the portal' },
    );

    const toReachable = posted({ patientId: reachable });
    const portalEvent = await toReachable();
    await toReachable(portalEvent);
    const smsEvent = await posted({ patientId: unreachable, origin: DialogueOrigin.STAFF })();
    const portalThread = await posted({ patientId: unreachable, origin: DialogueOrigin.NATIONAL_PORTAL })();

    await waitFor(async () => (await rowsOf(portalEvent))[0]?.status === 'sent', {
      timeoutMs: 20_000,
      what: 'the portal notice sent',
    });
    await waitFor(async () => (await rowsOf(smsEvent))[0]?.status === 'sent', {
      timeoutMs: 20_000,
      what: 'the SMS notice sent',
    });
    await waitFor(() => handled(h, portalThread), { timeoutMs: 10_000 });

    const [portalRow] = await rowsOf(portalEvent);
    expect(portalRow).toMatchObject({ kind: 'new_dialogue', channels: ['portal'] });
    expect(await rowsOf(portalEvent)).toHaveLength(1);
    const portalMessages = await asOwner(
      h,
      async (db) =>
        (
          await db.query(
            `SELECT payload FROM notifications.outbox WHERE clinic_id = $1 AND event_type = $2`,
            [clinicId, EVENTS.portalMessageRequested.type],
          )
        ).rows as { payload: Buffer }[],
    );
    const decoded = portalMessages
      .map((r) => decodeEventPayload(EVENTS.portalMessageRequested, r.payload))
      .filter((p) => p.notificationId === portalRow!.id);
    expect(decoded).toHaveLength(1);
    expect(decoded[0]!).toMatchObject({
      patientId: reachable,
      subject: 'Ny melding fra Storgata legesenter',
    });
    expect(decoded[0]!.body).toContain('Du har fått en ny melding fra Storgata legesenter');

    const sms = h.http.requests.filter((r) => r.channel === 'sms' && r.body.to === '+4792222222');
    expect(sms).toHaveLength(1);
    expect(sms[0]!.signatureValid).toBe(true);
    expect(sms[0]!.body.text).toBe(
      'Hei Kari Nordmann! Du har fått en ny melding fra Storgata legesenter. Logg inn for å lese den.',
    );
    expect(h.http.requests.filter((r) => r.body.to === '+4791111111')).toHaveLength(0);

    expect((await rowsOf(portalThread)).map((r) => [r.status, r.last_error])).toEqual([
      ['suppressed', 'notifications.answered_in_portal'],
    ]);
  });

  it('validates staff contact points and audits every access', async () => {
    const userId = `staff-${randomUUID()}`;
    const refused = [
      {},
      { email: 'not an address' },
      { email: 'x@staff.example', dialogueChannels: ['sms'] },
      { phone: '+4790000002', dialogueChannels: ['email'] },
      { phone: '12345', dialogueChannels: [] },
      { email: 'x@staff.example', dialogueChannels: ['push'] },
    ];
    for (const body of refused) {
      const res = await call<{ code: string }>(h, 'PUT', `/v1/staff-directory/${userId}`, token, body);
      expect([res.status, res.body.code]).toEqual([400, 'validation.failed']);
    }
    await putStaff(userId, { phone: '+4790000002', dialogueChannels: ['sms'] });
    const got = await call(h, 'GET', `/v1/staff-directory/${userId}`, token);
    expect(got.body).toEqual({
      userId,
      email: null,
      phone: '+4790000002',
      name: null,
      dialogueChannels: ['sms'],
    });
    const other = await adminToken(h, newClinicId());
    expect((await call(h, 'GET', `/v1/staff-directory/${userId}`, other)).status).toBe(404);
    const audit = await asOwner(
      h,
      async (db) =>
        (
          await db.query(
            `SELECT action, outcome FROM notifications.audit_log WHERE resource_type = 'staff_contact' AND resource_id = $1 ORDER BY id`,
            [userId],
          )
        ).rows,
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'staff_contact.write', outcome: 'allowed' },
        { action: 'staff_contact.read', outcome: 'allowed' },
      ]),
    );
  });
});
