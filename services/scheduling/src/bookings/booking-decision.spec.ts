import type { Principal } from '@carebus/auth';
import { DomainError } from '@carebus/errors';
import {
  APPOINTMENT_TYPE_ARCHIVED,
  APPOINTMENT_TYPE_NOT_FOUND,
  CALENDAR_NOT_FOUND,
  CALENDAR_NOT_ONLINE_BOOKABLE,
  DAILY_LIMIT_REACHED,
  IdempotencyKeyUsed,
  NOT_A_SLOT,
  PARTNER_CALENDAR_NOT_GP,
  PATIENT_NOT_FOUND,
  SLOT_TAKEN,
} from '../scheduling.errors';
import type { SlotSource } from '../slots/slot-source';
import type { BookAppointmentCommand } from './book-appointment.command';
import type { BookingSnapshot } from './booking-context';
import { decideBooking, type BookingInput, type OfferedSlots } from './booking-decision';

const CLINIC = '0b5e1f3a-7c2d-4e8f-9a10-000000000001';
const CALENDAR = '0b5e1f3a-7c2d-4e8f-9a10-000000000002';
const TYPE = '0b5e1f3a-7c2d-4e8f-9a10-000000000003';
const PATIENT = '0b5e1f3a-7c2d-4e8f-9a10-000000000004';
const GP = '0b5e1f3a-7c2d-4e8f-9a10-000000000005';
const NEW_ID = '0b5e1f3a-7c2d-4e8f-9a10-000000000006';
// Monday 1 March 2027, 08:00 in Oslo (UTC+1); the work plan offers 30-minute slots 08:00–12:00.
const START = new Date('2027-03-01T07:00:00Z');
const NOW = new Date('2027-02-01T12:00:00Z');

const staff: Principal = { subject: 'staff-1', clinicId: CLINIC, roles: ['staff'], scopes: [] };
const patient: Principal = {
  subject: 'p-1',
  clinicId: CLINIC,
  roles: ['patient'],
  scopes: [],
  patientId: PATIENT,
};
const guardian: Principal = { ...patient, subject: 'g-1', roles: ['guardian'] };
const partner: Principal = {
  subject: 'portal',
  clinicId: CLINIC,
  roles: ['partner'],
  scopes: [],
  clientId: 'c',
};

const command = (
  principal: Principal,
  more: Partial<BookAppointmentCommand> = {},
): BookAppointmentCommand => ({
  principal,
  clinicId: CLINIC,
  calendarId: CALENDAR,
  appointmentTypeId: TYPE,
  patientId: PATIENT,
  start: START,
  ...more,
});

const snapshot = (more: Partial<BookingSnapshot> = {}): BookingSnapshot => ({
  calendar: {
    id: CALENDAR,
    ownerPractitionerId: GP,
    ownerProfession: 'gp',
    ownerCalendarCount: 1,
    onlineBookable: true,
    minNoticeMinutes: 0,
    maxDaysAhead: 730,
    listedPatientsOnly: false,
  },
  type: {
    id: TYPE,
    name: 'Consultation',
    patientInformation: 'Bring your medication list',
    notificationsEnabled: true,
    durationMinutes: 30,
    contactSurface: 'in_person',
    patientBookable: true,
    hidden: false,
    archived: false,
    dailyOnlineLimit: null,
  },
  patient: { id: PATIENT, listedPractitionerId: null },
  unavailable: false,
  idempotencyKeyUsed: false,
  ...more,
});

const source = (busy: SlotSource['busy'] = []): SlotSource => ({
  timeZone: 'Europe/Oslo',
  workPlans: [
    {
      from: '2027-01-01',
      to: '2027-12-31',
      templateBlocks: [{ weekday: 1, start: '08:00', end: '12:00', appointmentTypeId: TYPE }],
    },
  ],
  appointmentTypes: [
    { id: TYPE, durationMinutes: 30, patientBookable: true, hidden: false, archived: false },
  ],
  busy,
});
const offered = (more: Partial<OfferedSlots> = {}): OfferedSlots => ({
  source: source(),
  onlineBookingsThatDay: null,
  ...more,
});

const input = (more: Partial<BookingInput> = {}): BookingInput => ({
  command: command(staff),
  snapshot: snapshot(),
  channel: 'staff',
  now: NOW,
  offered: null,
  id: NEW_ID,
  ...more,
});

function refusal(decide: () => unknown): DomainError {
  try {
    decide();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the booking to be refused');
}

describe('decideBooking', () => {
  it('books for staff: the type gives the end, surface and texts, the calendar its practitioner', () => {
    expect(decideBooking(input())).toEqual({
      id: NEW_ID,
      clinicId: CLINIC,
      calendarId: CALENDAR,
      practitionerId: GP,
      appointmentTypeId: TYPE,
      appointmentTypeName: 'Consultation',
      patientInformation: 'Bring your medication list',
      notificationsEnabled: true,
      patientId: PATIENT,
      start: START,
      end: new Date('2027-03-01T07:30:00Z'),
      status: 'booked',
      contactSurface: 'in_person',
      hidden: false,
      sourceChannel: 'staff',
      videoStartedAt: null,
      arrivedAt: null,
      cancelledAt: null,
      cancelledBy: null,
      cancelReason: null,
      note: '',
      version: 1,
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  it('takes the requested contact surface and note over the type’s', () => {
    const booked = decideBooking(
      input({ command: command(staff, { contactSurface: 'phone', note: 'Call first' }) }),
    );
    expect(booked).toMatchObject({ contactSurface: 'phone', note: 'Call first' });
  });

  it('lets staff book outside the work plan, but never over unavailable time', () => {
    const offPlan = command(staff, { start: new Date('2027-03-06T07:00:00Z') });
    expect(decideBooking(input({ command: offPlan })).start).toEqual(offPlan.start);
    expect(refusal(() => decideBooking(input({ snapshot: snapshot({ unavailable: true }) }))).code).toBe(
      SLOT_TAKEN,
    );
  });

  it('answers another patient of a patient token like an unknown patient', () => {
    const other = command(patient, { patientId: '0b5e1f3a-7c2d-4e8f-9a10-0000000000ff' });
    const error = refusal(() =>
      decideBooking(input({ command: other, channel: 'patient_online', offered: offered() })),
    );
    expect(error.code).toBe(PATIENT_NOT_FOUND);
    expect(error.kind).toBe('not_found');
  });

  it('hands a used Idempotency-Key back for the replay', () => {
    expect(() => decideBooking(input({ snapshot: snapshot({ idempotencyKeyUsed: true }) }))).toThrow(
      IdempotencyKeyUsed,
    );
  });

  it.each([
    ['an unknown type', { type: null }, APPOINTMENT_TYPE_NOT_FOUND],
    ['an unknown calendar', { calendar: null }, CALENDAR_NOT_FOUND],
    ['an unknown patient', { patient: null }, PATIENT_NOT_FOUND],
  ])('refuses %s', (_case, more, code) => {
    expect(
      refusal(() => decideBooking(input({ snapshot: snapshot(more as Partial<BookingSnapshot>) }))).code,
    ).toBe(code);
  });

  it('refuses an archived type, and a hidden one to a guardian as if it did not exist', () => {
    const archived = snapshot({ type: { ...snapshot().type!, archived: true } });
    expect(refusal(() => decideBooking(input({ snapshot: archived }))).code).toBe(APPOINTMENT_TYPE_ARCHIVED);
    const hidden = snapshot({ type: { ...snapshot().type!, hidden: true } });
    const asGuardian = { command: command(guardian), channel: 'patient_online' as const, offered: offered() };
    expect(refusal(() => decideBooking(input({ ...asGuardian, snapshot: hidden }))).code).toBe(
      APPOINTMENT_TYPE_NOT_FOUND,
    );
    const asPatient = { command: command(patient), channel: 'patient_online' as const, offered: offered() };
    expect(decideBooking(input({ ...asPatient, snapshot: hidden })).hidden).toBe(true);
  });

  describe('online', () => {
    const online = (more: Partial<BookingInput> = {}) =>
      input({ command: command(patient), channel: 'patient_online', offered: offered(), ...more });

    it('books an offered, free slot', () => {
      expect(decideBooking(online())).toMatchObject({ sourceChannel: 'patient_online', start: START });
    });

    it('applies the online rules first', () => {
      const closed = snapshot({ calendar: { ...snapshot().calendar!, onlineBookable: false } });
      expect(refusal(() => decideBooking(online({ snapshot: closed }))).code).toBe(
        CALENDAR_NOT_ONLINE_BOOKABLE,
      );
    });

    it('refuses a time the plan does not offer (422) and an offered one that is busy (409)', () => {
      const offPlan = command(patient, { start: new Date('2027-03-01T07:10:00Z') });
      expect(refusal(() => decideBooking(online({ command: offPlan }))).code).toBe(NOT_A_SLOT);
      const busy = offered({ source: source([{ start: START, end: new Date('2027-03-01T07:30:00Z') }]) });
      expect(refusal(() => decideBooking(online({ offered: busy }))).code).toBe(SLOT_TAKEN);
    });

    it('counts against the daily limit of the type', () => {
      const limited = snapshot({ type: { ...snapshot().type!, dailyOnlineLimit: 2 } });
      expect(
        decideBooking(online({ snapshot: limited, offered: offered({ onlineBookingsThatDay: 1 }) })).id,
      ).toBe(NEW_ID);
      const full = refusal(() =>
        decideBooking(online({ snapshot: limited, offered: offered({ onlineBookingsThatDay: 2 }) })),
      );
      expect(full.code).toBe(DAILY_LIMIT_REACHED);
      expect(full.extensions).toEqual({ dailyLimit: 2 });
    });

    it('lets a partner portal book only in a GP’s own calendar', () => {
      const nurse = snapshot({ calendar: { ...snapshot().calendar!, ownerProfession: 'nurse' } });
      const asPartner = { command: command(partner), channel: 'partner' as const, offered: offered() };
      expect(refusal(() => decideBooking(input({ ...asPartner, snapshot: nurse }))).code).toBe(
        PARTNER_CALENDAR_NOT_GP,
      );
      expect(decideBooking(input(asPartner)).sourceChannel).toBe('partner');
    });

    it('is never decided without the slots on offer', () => {
      expect(() => decideBooking(online({ offered: null }))).toThrow('slots on offer');
    });
  });
});
