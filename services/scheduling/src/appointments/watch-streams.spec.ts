import type { Principal } from '@carebus/auth';
import { WatchStreams } from './watch-streams';

const CLINIC_A = '00000000-0000-4000-8000-00000000000a';
const CLINIC_B = '00000000-0000-4000-8000-00000000000b';
const partner = (subject: string): Principal => ({
  subject,
  clinicId: CLINIC_A,
  roles: ['partner'],
  scopes: [],
});

describe('WatchStreams', () => {
  it('refuses one stream over the cap per caller with scheduling.watch_streams_exhausted', () => {
    const streams = new WatchStreams({ WATCH_STREAMS_PER_CALLER: 2 });
    streams.acquire(partner('p'), CLINIC_A);
    streams.acquire(partner('p'), CLINIC_A);
    expect(() => streams.acquire(partner('p'), CLINIC_A)).toThrow(
      expect.objectContaining({ kind: 'rate_limited', code: 'scheduling.watch_streams_exhausted' }),
    );
  });

  it('counts each subject within each clinic apart', () => {
    const streams = new WatchStreams({ WATCH_STREAMS_PER_CALLER: 1 });
    streams.acquire(partner('p'), CLINIC_A);
    expect(() => streams.acquire(partner('q'), CLINIC_A)).not.toThrow();
    expect(() => streams.acquire(partner('p'), CLINIC_B)).not.toThrow();
  });

  it('admits again after a release, and a second release of the same stream frees nothing more', () => {
    const streams = new WatchStreams({ WATCH_STREAMS_PER_CALLER: 2 });
    const first = streams.acquire(partner('p'), CLINIC_A);
    streams.acquire(partner('p'), CLINIC_A);
    first();
    first();
    expect(streams.heldBy(partner('p'), CLINIC_A)).toBe(1);
    streams.acquire(partner('p'), CLINIC_A);
    expect(() => streams.acquire(partner('p'), CLINIC_A)).toThrow();
  });
});
