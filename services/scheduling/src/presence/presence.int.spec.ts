import { ManualClock } from '@carebus/testing';
import {
  seedBookableClinic,
  startSchedulingWith,
  type BookableClinic,
  type SchedulingUnderTest,
} from '../../test/booking-fixture';
import { call } from '../../test/scheduling-test-service';

describe('practitioner presence for internal calls', () => {
  let svc: SchedulingUnderTest;
  let c: BookableClinic;
  const clock = new ManualClock(new Date('2027-03-01T09:00:00Z'));

  beforeAll(async () => {
    svc = await startSchedulingWith({ clock });
    c = await seedBookableClinic(svc);
  });

  afterAll(async () => {
    await svc?.close();
  });

  const statusOf = async (token: string) => {
    const res = await call<{ practitionerId: string; status: string }[]>(svc, 'GET', '/v1/presence', token);
    return res.body.find((p) => p.practitionerId === c.practitionerId)?.status;
  };

  it('goes online, in a call, offline after 60 s without heartbeat, and offline on sign-off', async () => {
    const me = await svc.issuer.mint({
      sub: c.practitionerId,
      clinicId: c.clinicId,
      roles: ['practitioner'],
    });
    expect(await statusOf(me)).toBe('offline');
    expect((await call(svc, 'PUT', '/v1/presence/me', me, { status: 'online' })).status).toBe(204);
    expect(await statusOf(me)).toBe('online');
    await call(svc, 'PUT', '/v1/presence/me', me, { status: 'in_call' });
    expect(await statusOf(me)).toBe('in_call');
    clock.set('2027-03-01T09:01:01Z');
    expect(await statusOf(me)).toBe('offline');
    await call(svc, 'PUT', '/v1/presence/me', me, { status: 'online' });
    expect((await call(svc, 'DELETE', '/v1/presence/me', me)).status).toBe(204);
    expect(await statusOf(me)).toBe('offline');
  });

  it('refuses an unknown status and a subject that is not a practitioner', async () => {
    const me = await svc.issuer.mint({
      sub: c.practitionerId,
      clinicId: c.clinicId,
      roles: ['practitioner'],
    });
    expect((await call(svc, 'PUT', '/v1/presence/me', me, { status: 'away' })).status).toBe(400);
    const stranger = await svc.issuer.mint({ sub: 'someone', clinicId: c.clinicId, roles: ['practitioner'] });
    const res = await call(svc, 'PUT', '/v1/presence/me', stranger, { status: 'online' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('scheduling.practitioner_not_found');
  });
});
