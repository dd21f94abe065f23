import { releaseAfterQuietHours } from './quiet-hours';

const oslo = { timeZone: 'Europe/Oslo', start: 21 * 60, end: 8 * 60 };

describe('quiet hours', () => {
  it.each([
    ['2027-03-10T22:00:00Z', '2027-03-11T07:00:00.000Z'], // 23:00 Oslo (CET) → 08:00 next day
    ['2027-03-11T05:30:00Z', '2027-03-11T07:00:00.000Z'], // 06:30 Oslo → 08:00 same day
    ['2027-03-11T12:00:00Z', '2027-03-11T12:00:00.000Z'], // 13:00 Oslo: not quiet
    ['2027-03-27T22:00:00Z', '2027-03-28T06:00:00.000Z'], // 23:00 CET, DST starts overnight → 08:00 CEST
  ])('a message due at %s goes out at %s', (due, expected) => {
    expect(releaseAfterQuietHours(new Date(due), oslo).toISOString()).toBe(expected);
  });

  it('does nothing when start equals end', () => {
    const at = new Date('2027-03-10T22:00:00Z');
    expect(releaseAfterQuietHours(at, { ...oslo, end: oslo.start })).toEqual(at);
  });
});
