import { EhrAppointmentStatus } from '@carebus/contracts';
import type { Appointment } from '../appointments/appointment';
import { CANCELLED_IN_EHR, importChanges } from './import-changes';
import type { ImportedAppointment } from './imported-appointment';

const CALENDAR = '0b5e1f3a-7c2d-4e8f-9a10-000000000002';
const OTHER_CALENDAR = '0b5e1f3a-7c2d-4e8f-9a10-000000000012';
const TYPE = { id: '0b5e1f3a-7c2d-4e8f-9a10-000000000003', hidden: false };
const OTHER_TYPE = { id: '0b5e1f3a-7c2d-4e8f-9a10-000000000013', hidden: true };
const START = new Date('2027-03-01T07:00:00Z');
const END = new Date('2027-03-01T07:30:00Z');
const NOW = new Date('2027-02-01T12:00:00Z');

const before = (more: Partial<Appointment> = {}) =>
  ({
    calendarId: CALENDAR,
    appointmentTypeId: TYPE.id,
    start: START,
    end: END,
    status: 'booked',
    ...more,
  }) as Appointment;

const imported = (more: Partial<ImportedAppointment> = {}) =>
  ({ status: EhrAppointmentStatus.BOOKED, start: START, end: END, ...more }) as ImportedAppointment;

const changesOf = (...args: Parameters<typeof importChanges>) => importChanges(...args).map((s) => s.change);

describe('importChanges', () => {
  it('changes nothing when the EHR says what scheduling has', () => {
    expect(changesOf(before(), imported(), { calendarId: CALENDAR, type: TYPE }, NOW)).toEqual([]);
  });

  it('cancels an active appointment the EHR cancelled, by the clinic, and nothing else', () => {
    const moved = imported({
      status: EhrAppointmentStatus.CANCELLED,
      start: new Date('2027-03-02T07:00:00Z'),
    });
    expect(changesOf(before(), moved, { calendarId: OTHER_CALENDAR, type: OTHER_TYPE }, NOW)).toEqual([
      { status: 'cancelled', cancelledAt: NOW, cancelledBy: 'clinic', cancelReason: CANCELLED_IN_EHR },
    ]);
  });

  it('moves, changes the type and marks arrival, in that order', () => {
    const later = { start: new Date('2027-03-01T08:00:00Z'), end: new Date('2027-03-01T08:30:00Z') };
    const arrived = imported({ status: EhrAppointmentStatus.ARRIVED, ...later });
    expect(changesOf(before(), arrived, { calendarId: OTHER_CALENDAR, type: OTHER_TYPE }, NOW)).toEqual([
      { calendarId: OTHER_CALENDAR, ...later },
      { appointmentTypeId: OTHER_TYPE.id, hidden: true },
      { status: 'arrived', arrivedAt: NOW },
    ]);
  });

  it('marks arrival only once', () => {
    const arrived = imported({ status: EhrAppointmentStatus.ARRIVED });
    expect(
      changesOf(before({ status: 'arrived' }), arrived, { calendarId: CALENDAR, type: TYPE }, NOW),
    ).toEqual([]);
  });

  it.each(['cancelled', 'no_show'] as const)('leaves a %s appointment as it is', (status) => {
    const moved = imported({ start: new Date('2027-03-02T07:00:00Z') });
    expect(
      changesOf(before({ status }), moved, { calendarId: OTHER_CALENDAR, type: OTHER_TYPE }, NOW),
    ).toEqual([]);
  });
});
