import type { SourceChannel } from '../appointments/appointment';
import {
  calendarNotOnlineBookable,
  noticeTooShort,
  partnerCalendarNotGp,
  partnerGpHasSeveralCalendars,
  patientNotListed,
  tooFarAhead,
  typeNotOnlineBookable,
} from '../scheduling.errors';
import type { CalendarForBooking, PatientForBooking, TypeForBooking } from './booking-context';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export type OnlineChannel = Exclude<SourceChannel, 'staff' | 'ehr_import'>;

export interface OnlineBookingCase {
  channel: OnlineChannel;
  calendar: CalendarForBooking;
  type: TypeForBooking;
  patient: PatientForBooking;
  start: Date;
  now: Date;
}

/** Patients and partner portals book under the online rules; staff (and EHR imports) do not. */
export function isOnlineChannel(channel: SourceChannel): channel is OnlineChannel {
  return channel === 'patient_online' || channel === 'partner';
}

/**
 * The rules a patient or a partner portal books under (staff are not bound by them): the calendar
 * and type are open for online booking, the notice and horizon fit, only listed patients when the
 * calendar says so, and the partner-portal rule. Throws the first rule broken.
 */
export function checkOnlineBooking(c: OnlineBookingCase): void {
  if (c.channel === 'partner') checkPartnerCalendar(c.calendar);
  if (!c.calendar.onlineBookable) throw calendarNotOnlineBookable();
  if (!c.type.patientBookable || c.type.archived) throw typeNotOnlineBookable();
  const earliest = new Date(c.now.getTime() + c.calendar.minNoticeMinutes * MINUTE_MS);
  if (c.start < earliest) throw noticeTooShort(earliest);
  const latest = new Date(c.now.getTime() + c.calendar.maxDaysAhead * DAY_MS);
  if (c.start > latest) throw tooFarAhead(latest);
  if (c.calendar.listedPatientsOnly && c.patient.listedPractitionerId !== c.calendar.ownerPractitionerId) {
    throw patientNotListed();
  }
}

/**
 * A partner portal may only book in a GP's own calendar, and only when that GP owns exactly one
 * calendar: with several, the portal cannot know which one the patient means.
 */
export function checkPartnerCalendar(calendar: CalendarForBooking): void {
  if (calendar.ownerPractitionerId === null || calendar.ownerProfession !== 'gp') {
    throw partnerCalendarNotGp();
  }
  if (calendar.ownerCalendarCount !== 1) throw partnerGpHasSeveralCalendars(calendar.ownerCalendarCount);
}
