import { reminderSchedule } from './reminder-rule';

describe('reminder rule', () => {
  const start = new Date('2027-03-10T12:00:00Z');
  const hoursBefore = (h: number) => new Date(start.getTime() - h * 3600_000);

  it('is due 48 h before when booked further ahead', () => {
    expect(reminderSchedule(start, hoursBefore(72))?.dueAt).toEqual(hoursBefore(48));
  });
  it('is due at once when booked between 48 h and 24 h ahead', () => {
    expect(reminderSchedule(start, hoursBefore(30))?.dueAt).toEqual(hoursBefore(30));
  });
  it('is not planned when booked less than 24 h ahead', () => {
    expect(reminderSchedule(start, hoursBefore(23.9))).toBeNull();
  });
});
