import { randomUUID } from 'node:crypto';
import { requestJson, type FuzzWorld, type TestService } from '@carebus/testing';
import { seedBookableClinic } from './booking-fixture';

const DAY_MS = 86_400_000;

/** A Monday two to three weeks ahead (inside the seeded work plan), as YYYY-MM-DD. */
function mondayAhead(): string {
  const day = new Date(Date.now() + 14 * DAY_MS);
  day.setUTCDate(day.getUTCDate() + ((8 - day.getUTCDay()) % 7));
  return day.toISOString().slice(0, 10);
}

/**
 * A bookable clinic with one booked appointment, and the values that make a fuzzed request valid
 * enough to reach the database: its ids, a day and times inside its work plan.
 */
export async function schedulingFuzzWorld(svc: TestService): Promise<FuzzWorld> {
  const monday = mondayAhead();
  // 08:00 at UTC+1 is 08:00 or 09:00 in Oslo: an in-person slot either way.
  const start = `${monday}T08:00:00+01:00`;
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
    start,
  });
  if (booked.status !== 201) throw new Error(`seeding an appointment answered ${booked.status}`);
  return {
    clinicId: c.clinicId,
    patientId: c.patientId,
    known: {
      ids: [...Object.values(c), String(booked.body.id)],
      byName: {
        date: [monday],
        start: [start, `${monday}T10:00:00+01:00`],
        from: [`${monday}T00:00:00+01:00`],
        to: [new Date(Date.parse(`${monday}T00:00:00+01:00`) + 7 * DAY_MS).toISOString()],
      },
    },
  };
}
