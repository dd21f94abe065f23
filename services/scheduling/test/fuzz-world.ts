import { randomUUID } from 'node:crypto';
import { requestJson, type FuzzWorld, type TestService } from '@carebus/testing';
import { seedBookableClinic } from './booking-fixture';

// Monday 1 March 2027 in the seeded work plan; 08:00 Oslo starts an in-person slot.
const MONDAY = '2027-03-01';
const MONDAY_0800 = '2027-03-01T08:00:00+01:00';

/**
 * A bookable clinic with one booked appointment, and the values that make a fuzzed request valid
 * enough to reach the database: its ids, a day and times inside its work plan.
 */
export async function schedulingFuzzWorld(svc: TestService): Promise<FuzzWorld> {
  const c = await seedBookableClinic(svc);
  const staff = await svc.issuer.mint({
    sub: `staff-${randomUUID()}`,
    clinicId: c.clinicId,
    roles: ['staff'],
  });
  const booked = await requestJson(svc.url, 'POST', '/v1/appointments', staff, {
    calendarId: c.calendarId,
    appointmentTypeId: c.typeId,
    patientId: c.patientId,
    start: MONDAY_0800,
  });
  if (booked.status !== 201) throw new Error(`seeding an appointment answered ${booked.status}`);
  return {
    clinicId: c.clinicId,
    patientId: c.patientId,
    known: {
      ids: [...Object.values(c), String(booked.body.id)],
      byName: {
        date: [MONDAY],
        start: [MONDAY_0800, '2027-03-01T09:00:00+01:00'],
        from: ['2027-03-01T00:00:00+01:00'],
        to: ['2027-03-08T00:00:00+01:00'],
      },
    },
  };
}
