import { presenceStatus, PRESENCE_TTL_SECONDS, type PresenceRow } from './presence';

const NOW = new Date('2027-03-01T09:00:00Z');
const row = (status: PresenceRow['status'], secondsAgo: number | null): PresenceRow => ({
  practitionerId: 'p',
  name: 'Dr. Test',
  status,
  lastHeartbeatAt: secondsAgo === null ? null : new Date(NOW.getTime() - secondsAgo * 1000),
});

describe('presenceStatus', () => {
  it('shows what a fresh heartbeat said, up to the TTL inclusive', () => {
    expect(presenceStatus(row('online', 0), NOW)).toBe('online');
    expect(presenceStatus(row('in_call', PRESENCE_TTL_SECONDS), NOW)).toBe('in_call');
  });

  it('is offline once the heartbeat is older than the TTL, or without one', () => {
    expect(presenceStatus(row('online', PRESENCE_TTL_SECONDS + 1), NOW)).toBe('offline');
    expect(presenceStatus(row(null, null), NOW)).toBe('offline');
  });
});
