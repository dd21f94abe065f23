import { nextLocalMidnight } from './next-midnight';

describe('nextLocalMidnight', () => {
  it('is the next midnight of the clinic, not of UTC', () => {
    expect(nextLocalMidnight(new Date('2026-12-06T16:00:00Z'), 'Europe/Oslo').toISOString()).toBe(
      '2026-12-06T23:00:00.000Z',
    );
    expect(nextLocalMidnight(new Date('2026-07-06T16:00:00Z'), 'Europe/Oslo').toISOString()).toBe(
      '2026-07-06T22:00:00.000Z',
    );
    expect(nextLocalMidnight(new Date('2026-12-06T16:00:00Z'), 'America/Toronto').toISOString()).toBe(
      '2026-12-07T05:00:00.000Z',
    );
  });

  it('at midnight itself, the following one', () => {
    expect(nextLocalMidnight(new Date('2026-12-06T23:00:00Z'), 'Europe/Oslo').toISOString()).toBe(
      '2026-12-07T23:00:00.000Z',
    );
  });

  it('across a DST change the day is 23 or 25 hours long', () => {
    expect(nextLocalMidnight(new Date('2026-03-29T12:00:00Z'), 'Europe/Oslo').toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    );
    expect(nextLocalMidnight(new Date('2026-10-25T12:00:00Z'), 'Europe/Oslo').toISOString()).toBe(
      '2026-10-25T23:00:00.000Z',
    );
  });

  it('falls back to UTC for an unknown zone', () => {
    expect(nextLocalMidnight(new Date('2026-12-06T16:00:00Z'), 'Mars/Olympus').toISOString()).toBe(
      '2026-12-07T00:00:00.000Z',
    );
  });
});
