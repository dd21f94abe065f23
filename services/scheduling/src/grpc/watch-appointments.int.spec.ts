import { ManualClock, waitFor } from '@carebus/testing';
import {
  seedBookableClinic,
  startSchedulingWith,
  type BookableClinic,
  type SchedulingUnderTest,
} from '../../test/booking-fixture';
import { SchedulingGrpcClient } from '../../test/grpc-client';
import { call, tokenFor } from '../../test/scheduling-test-service';

interface Change {
  appointment: { appointmentId: string; status: string };
}

describe('gRPC WatchAppointments streams changes to partners, never hidden ones', () => {
  let svc: SchedulingUnderTest;
  let c: BookableClinic;
  let grpc: SchedulingGrpcClient;
  let staff: string;

  const book = async (typeId: string, start: string) => {
    const res = await call<{ id: string }>(svc, 'POST', '/v1/appointments', staff, {
      calendarId: c.calendarId,
      appointmentTypeId: typeId,
      patientId: c.patientId,
      start,
    });
    expect(res.status).toBe(201);
    return res.body.id;
  };

  beforeAll(async () => {
    svc = await startSchedulingWith({ clock: new ManualClock(new Date('2027-02-01T12:00:00Z')) });
    c = await seedBookableClinic(svc);
    grpc = new SchedulingGrpcClient(svc.grpcAddress);
    staff = await tokenFor(svc, c.clinicId, { roles: ['staff'] });
  });

  afterAll(async () => {
    grpc?.close();
    await svc?.close();
  });

  it('sends a booking and then its cancellation, and nothing of a hidden appointment', async () => {
    const before = await book(c.typeId, '2027-03-01T08:00:00+01:00');
    const partner = await tokenFor(svc, c.clinicId, { roles: ['partner'] });
    const stream = grpc.stream<Change>('WatchAppointments', { calendarId: c.calendarId }, partner);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500)); // the stream has started
      const visible = await book(c.typeId, '2027-03-01T09:00:00+01:00');
      const hidden = await book(c.hiddenTypeId, '2027-03-01T14:00:00+01:00');
      await waitFor(() => stream.received.some((m) => m.appointment.appointmentId === visible), {
        timeoutMs: 10000,
      });
      await call(svc, 'POST', `/v1/appointments/${visible}/cancel`, staff, {});
      await waitFor(
        () => stream.received.some((m) => m.appointment.status === 'APPOINTMENT_STATUS_CANCELLED'),
        { timeoutMs: 10000 },
      );
      const ids = stream.received.map((m) => m.appointment.appointmentId);
      expect(ids).not.toContain(hidden);
      expect(ids).not.toContain(before);
      expect(stream.received.map((m) => m.appointment.status)).toEqual([
        'APPOINTMENT_STATUS_BOOKED',
        'APPOINTMENT_STATUS_CANCELLED',
      ]);
      expect(stream.errors).toEqual([]);
    } finally {
      stream.cancel();
    }
  });

  it('refuses a watch without a token', async () => {
    const stream = grpc.stream('WatchAppointments', {});
    await waitFor(() => stream.errors.length === 1, { timeoutMs: 5000 });
    expect(stream.errors[0]!.code).toBe(16);
  });
});
