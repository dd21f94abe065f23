import { EVENTS } from '@carebus/contracts';
import { ManualClock, waitFor } from '@carebus/testing';
import {
  AppointmentEventTap,
  seedBookableClinic,
  startSchedulingWith,
  type BookableClinic,
  type SchedulingUnderTest,
} from '../../test/booking-fixture';
import { SchedulingGrpcClient, timestamp } from '../../test/grpc-client';
import { call, tokenFor } from '../../test/scheduling-test-service';

const WINDOW = 'from=2027-03-01T00:00:00Z&to=2027-03-06T00:00:00Z';

describe('hidden appointments never reach guardians or partner portals', () => {
  let svc: SchedulingUnderTest;
  let c: BookableClinic;
  let grpc: SchedulingGrpcClient;
  let tap: AppointmentEventTap;
  let hiddenId: string;
  let visibleId: string;
  const tokens: Record<'staff' | 'patient' | 'guardian' | 'partner', string> = {} as never;

  beforeAll(async () => {
    svc = await startSchedulingWith({ clock: new ManualClock(new Date('2027-02-01T12:00:00Z')) });
    c = await seedBookableClinic(svc);
    grpc = new SchedulingGrpcClient(svc.grpcAddress);
    tap = new AppointmentEventTap([c.clinicId]);
    await tap.start();
    tokens.staff = await tokenFor(svc, c.clinicId, { roles: ['staff'] });
    tokens.patient = await tokenFor(svc, c.clinicId, { roles: ['patient'], patientId: c.patientId });
    tokens.guardian = await tokenFor(svc, c.clinicId, { roles: ['guardian'], patientId: c.patientId });
    tokens.partner = await tokenFor(svc, c.clinicId, { roles: ['partner'], clientId: 'portal' });
    const book = async (typeId: string, start: string) => {
      const res = await call<{ id: string }>(svc, 'POST', '/v1/appointments', tokens.staff, {
        calendarId: c.calendarId,
        appointmentTypeId: typeId,
        patientId: c.patientId,
        start,
      });
      expect(res.status).toBe(201);
      return res.body.id;
    };
    hiddenId = await book(c.hiddenTypeId, '2027-03-01T14:00:00+01:00');
    visibleId = await book(c.typeId, '2027-03-01T08:00:00+01:00');
  });

  afterAll(async () => {
    grpc?.close();
    await tap?.stop();
    await svc?.close();
  });

  const listIds = async (token: string) =>
    (await call<{ items: { id: string }[] }>(svc, 'GET', '/v1/appointments', token)).body.items.map(
      (a) => a.id,
    );

  it('is listed and readable for the patient and the clinic', async () => {
    expect(await listIds(tokens.staff)).toEqual(expect.arrayContaining([hiddenId, visibleId]));
    expect(await listIds(tokens.patient)).toEqual(expect.arrayContaining([hiddenId, visibleId]));
    expect((await call(svc, 'GET', `/v1/appointments/${hiddenId}`, tokens.patient)).status).toBe(200);
  });

  it.each(['guardian', 'partner'] as const)(
    'is absent from the %s’s list and get (404 like an unknown id)',
    async (who) => {
      const ids = await listIds(tokens[who]);
      expect(ids).toContain(visibleId);
      expect(ids).not.toContain(hiddenId);
      const res = await call(svc, 'GET', `/v1/appointments/${hiddenId}`, tokens[who]);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('scheduling.appointment_not_found');
    },
  );

  it.each(['guardian', 'partner'] as const)('offers the %s no slots of a hidden type', async (who) => {
    const all = await call<{ appointmentTypeId: string }[]>(
      svc,
      'GET',
      `/v1/calendars/${c.calendarId}/slots?${WINDOW}`,
      tokens[who],
    );
    expect(all.status).toBe(200);
    expect(all.body.length).toBeGreaterThan(0);
    expect(all.body.some((s) => s.appointmentTypeId === c.hiddenTypeId)).toBe(false);
    const typed = await call(
      svc,
      'GET',
      `/v1/calendars/${c.calendarId}/slots?${WINDOW}&typeId=${c.hiddenTypeId}`,
      tokens[who],
    );
    expect(typed.status).toBe(404);
  });

  it('is absent from every partner gRPC read path', async () => {
    const get = await grpc.call('GetAppointment', { appointmentId: hiddenId }, tokens.partner);
    expect(get).toMatchObject({ ok: false, code: 5, errorCode: 'scheduling.appointment_not_found' });
    const slots = await grpc.call<{ slots: { appointmentTypeId: string }[] }>(
      'ListSlots',
      {
        calendarId: c.calendarId,
        from: timestamp('2027-03-01T00:00:00Z'),
        to: timestamp('2027-03-06T00:00:00Z'),
      },
      tokens.partner,
    );
    expect(slots.ok).toBe(true);
    expect(slots.body!.slots.length).toBeGreaterThan(0);
    expect(slots.body!.slots.some((s) => s.appointmentTypeId === c.hiddenTypeId)).toBe(false);
    const book = await grpc.call(
      'BookAppointment',
      {
        calendarId: c.calendarId,
        appointmentTypeId: c.hiddenTypeId,
        patientId: c.patientId,
        startTime: timestamp('2027-03-02T14:00:00+01:00'),
      },
      tokens.partner,
    );
    expect(book).toMatchObject({ ok: false, code: 5 });
  });

  it('carries hidden = true and no patient-facing text in its events', async () => {
    await waitFor(() => tap.ofType(EVENTS.appointmentBooked.type).length >= 2, { timeoutMs: 15000 });
    const hidden = tap.events.find((e) => e.key === hiddenId)!;
    const visible = tap.events.find((e) => e.key === visibleId)!;
    expect(hidden.payload).toMatchObject({
      appointment: { hidden: true, appointmentTypeName: '', patientInformation: '' },
    });
    expect(visible.payload).toMatchObject({
      appointment: {
        hidden: false,
        appointmentTypeName: 'Consultation',
        patientInformation: 'Bring your medication list',
      },
    });
  });
});
