import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  UnprocessableError,
  ValidationError,
  type FieldError,
} from '@carebus/errors';
import type { ConstraintErrors } from '@carebus/persistence';

// The stable codes of scheduling's problem+json and gRPC errors: clients branch on them.
export const APPOINTMENT_NOT_ACTIVE = 'scheduling.appointment_not_active';
export const APPOINTMENT_NOT_FOUND = 'scheduling.appointment_not_found';
export const APPOINTMENT_NOT_STARTED = 'scheduling.appointment_not_started';
export const APPOINTMENT_TYPE_ARCHIVED = 'scheduling.appointment_type_archived';
export const APPOINTMENT_TYPE_NOT_FOUND = 'scheduling.appointment_type_not_found';
export const CALENDAR_IN_USE = 'scheduling.calendar_in_use';
export const CALENDAR_NOT_FOUND = 'scheduling.calendar_not_found';
export const CALENDAR_NOT_ONLINE_BOOKABLE = 'scheduling.calendar_not_online_bookable';
export const CLINIC_FIELD_OPERATOR_ONLY = 'scheduling.clinic_field_operator_only';
export const CLINIC_NOT_FOUND = 'scheduling.clinic_not_found';
export const DAILY_LIMIT_REACHED = 'scheduling.daily_limit_reached';
export const IDEMPOTENCY_KEY_REUSED = 'scheduling.idempotency_key_reused';
export const IDEMPOTENCY_KEY_USED = 'scheduling.idempotency_key_used';
export const INVALID_ACCESS_EVENT = 'scheduling.invalid_access_event';
export const INVALID_CALENDAR_OWNER = 'scheduling.invalid_calendar_owner';
export const INVALID_DATE_RANGE = 'scheduling.invalid_date_range';
export const INVALID_IMPORT = 'scheduling.invalid_import';
export const INVALID_NATIONAL_ID = 'scheduling.invalid_national_id';
export const INVALID_TIME_RANGE = 'scheduling.invalid_time_range';
export const INVALID_WORK_PLAN = 'scheduling.invalid_work_plan';
export const LOCATION_IN_USE = 'scheduling.location_in_use';
export const LOCATION_NOT_FOUND = 'scheduling.location_not_found';
export const NOT_A_SLOT = 'scheduling.not_a_slot';
export const NOT_A_VIDEO_APPOINTMENT = 'scheduling.not_a_video_appointment';
export const NOTHING_TO_CHANGE = 'scheduling.nothing_to_change';
export const NOTICE_TOO_SHORT = 'scheduling.notice_too_short';
export const PARTNER_CALENDAR_NOT_GP = 'scheduling.partner_calendar_not_gp';
export const PARTNER_GP_HAS_SEVERAL_CALENDARS = 'scheduling.partner_gp_has_several_calendars';
export const PATIENT_CLAIM_MISSING = 'scheduling.patient_claim_missing';
export const PATIENT_EXISTS = 'scheduling.patient_exists';
export const PATIENT_NOT_FOUND = 'scheduling.patient_not_found';
export const PATIENT_NOT_LISTED = 'scheduling.patient_not_listed';
export const PRACTITIONER_INACTIVE = 'scheduling.practitioner_inactive';
export const PRACTITIONER_NOT_FOUND = 'scheduling.practitioner_not_found';
export const SLOT_TAKEN = 'scheduling.slot_taken';
export const SLOT_WINDOW_TOO_LARGE = 'scheduling.slot_window_too_large';
export const TOO_FAR_AHEAD = 'scheduling.too_far_ahead';
export const TYPE_NOT_ONLINE_BOOKABLE = 'scheduling.type_not_online_bookable';
export const UNAVAILABLE_TIME_NOT_FOUND = 'scheduling.unavailable_time_not_found';
export const UNKNOWN_CLINIC = 'scheduling.unknown_clinic';
export const UNSUPPORTED_NATIONAL_ID = 'scheduling.unsupported_national_id';
export const VIDEO_WINDOW_CLOSED = 'scheduling.video_window_closed';
export const WATCH_STREAMS_EXHAUSTED = 'scheduling.watch_streams_exhausted';
export const WEEK_TEMPLATE_BLOCKS_OVERLAP = 'scheduling.week_template_blocks_overlap';
export const WEEK_TEMPLATE_IN_USE = 'scheduling.week_template_in_use';
export const WEEK_TEMPLATE_NOT_FOUND = 'scheduling.week_template_not_found';
export const WORK_PLAN_NOT_FOUND = 'scheduling.work_plan_not_found';
export const WORK_PLAN_OVERLAPS = 'scheduling.work_plan_overlaps';

// Not found: unknown, another clinic's, or hidden from the caller all answer the same.
export const appointmentNotFound = () => new NotFoundError(APPOINTMENT_NOT_FOUND, 'No such appointment.');
export const appointmentTypeNotFound = () =>
  new NotFoundError(APPOINTMENT_TYPE_NOT_FOUND, 'No such appointment type.');
export const calendarNotFound = () => new NotFoundError(CALENDAR_NOT_FOUND, 'No such calendar.');
export const clinicNotFound = () => new NotFoundError(CLINIC_NOT_FOUND, 'No such clinic.');
export const locationNotFound = () => new NotFoundError(LOCATION_NOT_FOUND, 'No such location.');
export const patientNotFound = () => new NotFoundError(PATIENT_NOT_FOUND, 'No such patient.');
export const practitionerNotFound = () => new NotFoundError(PRACTITIONER_NOT_FOUND, 'No such practitioner.');
export const subjectNotAPractitioner = () =>
  new NotFoundError(PRACTITIONER_NOT_FOUND, 'The token subject is not a practitioner here.');
export const unavailableTimeNotFound = () =>
  new NotFoundError(UNAVAILABLE_TIME_NOT_FOUND, 'No such unavailable time.');
export const weekTemplateNotFound = () =>
  new NotFoundError(WEEK_TEMPLATE_NOT_FOUND, 'No such week template.');
export const workPlanNotFound = () => new NotFoundError(WORK_PLAN_NOT_FOUND, 'No such work plan.');

// A write names something that is not this clinic's (or does not exist): 422, not 404.
export const referencedLocationMissing = () =>
  new UnprocessableError(LOCATION_NOT_FOUND, 'The location does not exist in this clinic.');
export const referencedPractitionerMissing = () =>
  new UnprocessableError(PRACTITIONER_NOT_FOUND, 'The practitioner does not exist in this clinic.');
export const referencedWeekTemplateMissing = () =>
  new UnprocessableError(WEEK_TEMPLATE_NOT_FOUND, 'The week template does not exist in this clinic.');
export const referencedTypesMissing = (appointmentTypeIds: string[]) =>
  new UnprocessableError(APPOINTMENT_TYPE_NOT_FOUND, 'Some appointment types do not exist in this clinic.', {
    appointmentTypeIds,
  });
export const referencedTypesArchived = (appointmentTypeIds: string[]) =>
  new UnprocessableError(APPOINTMENT_TYPE_ARCHIVED, 'Archived appointment types cannot be planned.', {
    appointmentTypeIds,
  });
export const practitionerInactive = () =>
  new UnprocessableError(PRACTITIONER_INACTIVE, 'A deactivated practitioner cannot own a calendar.');

// Still referred to: deleting would orphan rows (the foreign keys in the constraint table below).
export const calendarInUse = () =>
  new ConflictError(CALENDAR_IN_USE, 'Work plans, unavailable time or appointments use this calendar.');
export const locationInUse = () =>
  new ConflictError(LOCATION_IN_USE, 'Calendars are placed at this location; move them first.');
export const weekTemplateInUse = () =>
  new ConflictError(WEEK_TEMPLATE_IN_USE, 'Work plans apply this template; remove them first.');

// Too much at once from one caller: RESOURCE_EXHAUSTED over gRPC, 429 over REST.
export const watchStreamsExhausted = (perCaller: number) =>
  new DomainError(
    'rate_limited',
    WATCH_STREAMS_EXHAUSTED,
    `At most ${perCaller} WatchAppointments streams may be open per caller; close one first.`,
  );

// Shapes the validation pipe cannot see.
export const invalidCalendarOwner = () =>
  new ValidationError(
    [{ field: 'ownerPractitionerId', message: 'set exactly one of ownerPractitionerId and resourceName' }],
    INVALID_CALENDAR_OWNER,
    'A calendar is owned by either a practitioner or a resource.',
  );
export const invalidDateRange = () =>
  new ValidationError(
    [{ field: 'validTo', message: 'validTo must be on or after validFrom' }],
    INVALID_DATE_RANGE,
    'The date range is not valid.',
  );
export const invalidTimeRange = (errors: FieldError[]) =>
  new ValidationError(errors, INVALID_TIME_RANGE, 'The time range is not valid.');
export const invalidWorkPlan = (errors: FieldError[]) =>
  new ValidationError(errors, INVALID_WORK_PLAN, 'The work plan or slot query is not valid.');
export const invalidNationalId = (message: string) =>
  new ValidationError(
    [{ field: 'nationalId', message }],
    INVALID_NATIONAL_ID,
    'The national identity number is not valid.',
  );
export const unsupportedNationalId = (message: string) =>
  new ValidationError(
    [{ field: 'nationalId', message }],
    UNSUPPORTED_NATIONAL_ID,
    'This kind of national identity number is not supported.',
  );
export const slotWindowTooLarge = (maxDays: number) =>
  new ValidationError(
    [{ field: 'to', message: `the window may span at most ${maxDays} days` }],
    SLOT_WINDOW_TOO_LARGE,
  );
export const weekTemplateBlocksOverlap = (blocks: number[]) =>
  new UnprocessableError(WEEK_TEMPLATE_BLOCKS_OVERLAP, 'Two blocks overlap on the same weekday.', { blocks });
/** An EHR import that will never apply: dead-lettered at once (unprocessable). */
export const invalidImport = (message: string) => new UnprocessableError(INVALID_IMPORT, message);
/** A patient access event that can never be kept (no patient, no time): dead-lettered at once. */
export const invalidAccessEvent = (message: string) => new UnprocessableError(INVALID_ACCESS_EVENT, message);
export const unknownClinic = () =>
  new UnprocessableError(UNKNOWN_CLINIC, 'the clinic is unknown to scheduling');

// Booking and appointment changes.
export const slotTaken = () => new ConflictError(SLOT_TAKEN, 'The time is already booked in this calendar.');
export const notASlot = () =>
  new UnprocessableError(NOT_A_SLOT, 'The work plan offers no slot of this appointment type at this time.');
export const appointmentTypeArchived = () =>
  new UnprocessableError(APPOINTMENT_TYPE_ARCHIVED, 'The appointment type is archived.');
export const calendarNotOnlineBookable = () =>
  new UnprocessableError(CALENDAR_NOT_ONLINE_BOOKABLE, 'This calendar is not open for online booking.');
export const typeNotOnlineBookable = () =>
  new UnprocessableError(TYPE_NOT_ONLINE_BOOKABLE, 'This appointment type cannot be booked online.');
export const noticeTooShort = (earliestStart: Date) =>
  new UnprocessableError(NOTICE_TOO_SHORT, 'Online bookings need more notice.', {
    earliestStart: earliestStart.toISOString(),
  });
export const tooFarAhead = (latestStart: Date) =>
  new UnprocessableError(TOO_FAR_AHEAD, 'The time is too far ahead for online booking.', {
    latestStart: latestStart.toISOString(),
  });
export const patientNotListed = () =>
  new ForbiddenError(
    PATIENT_NOT_LISTED,
    "Only patients on this practitioner's list may book online in this calendar.",
  );
export const partnerCalendarNotGp = () =>
  new ForbiddenError(PARTNER_CALENDAR_NOT_GP, "Partners may only book in a GP's own calendar.");
export const partnerGpHasSeveralCalendars = (calendarCount: number) =>
  new UnprocessableError(
    PARTNER_GP_HAS_SEVERAL_CALENDARS,
    'The GP owns more than one calendar, so a partner may not book in them.',
    { calendarCount },
  );
export const dailyLimitReached = (dailyLimit: number) =>
  new ConflictError(
    DAILY_LIMIT_REACHED,
    'The daily limit of online bookings of this appointment type is reached.',
    { dailyLimit },
  );
export const patientClaimMissing = () =>
  new ForbiddenError(PATIENT_CLAIM_MISSING, 'The token names no patient to act for.');
export const patientExists = () =>
  new ConflictError(PATIENT_EXISTS, 'The clinic already has a patient with this national identity number.');
export const workPlanOverlaps = () =>
  new ConflictError(WORK_PLAN_OVERLAPS, 'The calendar already has a work plan on some of these dates.');
export const appointmentNotActive = (status: string) =>
  new ConflictError(APPOINTMENT_NOT_ACTIVE, `The appointment is ${status}.`, { status });
export const appointmentNotStarted = () =>
  new ConflictError(APPOINTMENT_NOT_STARTED, 'The appointment has not started yet.');
export const notAVideoAppointment = () =>
  new UnprocessableError(NOT_A_VIDEO_APPOINTMENT, 'The appointment is not a video appointment.');
export const videoWindowClosed = (window: { opensAt: Date; closesAt: Date }) =>
  new ConflictError(VIDEO_WINDOW_CLOSED, 'The video appointment cannot be started now.', {
    windowOpensAt: window.opensAt.toISOString(),
    windowClosesAt: window.closesAt.toISOString(),
  });
export const nothingToChange = () =>
  new UnprocessableError(NOTHING_TO_CHANGE, 'Give appointmentTypeId and/or contactSurface.');
export const idempotencyKeyReused = () =>
  new UnprocessableError(IDEMPOTENCY_KEY_REUSED, 'The Idempotency-Key was used for a different booking.');
export const clinicIdempotencyKeyReused = () =>
  new UnprocessableError(
    IDEMPOTENCY_KEY_REUSED,
    'The Idempotency-Key was used to create a different clinic.',
  );
/**
 * The clinical administrator's e-mail receives the alerts about the clinic's key vault, which
 * watch the clinic's own admins: only the platform operator sets it.
 */
export const clinicFieldOperatorOnly = (field: string) =>
  new ForbiddenError(CLINIC_FIELD_OPERATOR_ONLY, `Only the platform operator may change ${field}.`);
/** The key's booking vanished between the refused insert and the replay's read. */
export const idempotencyKeyRetry = () => new ConflictError(IDEMPOTENCY_KEY_USED, 'Retry the request.');

/**
 * The Idempotency-Key was used before. The booking (clinic creation) use case catches it outside
 * its transaction and answers with the first booking (clinic), or refuses a different request
 * under the same key.
 */
export class IdempotencyKeyUsed extends ConflictError {
  constructor() {
    super(IDEMPOTENCY_KEY_USED, 'The Idempotency-Key was used before.');
  }
}

/**
 * Constraint name → domain error, for every statement of the service (PlatformModule hands it to
 * TenantScope). The foreign keys are those a delete trips over while rows still refer to its row.
 */
export const SCHEDULING_CONSTRAINT_ERRORS: ConstraintErrors = {
  appointments_no_double_booking: slotTaken,
  appointments_idempotency_key: () => new IdempotencyKeyUsed(),
  clinics_idempotency_key: () => new IdempotencyKeyUsed(),
  patients_clinic_id_national_id_key: patientExists,
  work_plans_no_overlap: workPlanOverlaps,
  work_plans_calendar_id_fkey: calendarInUse,
  unavailable_times_calendar_id_fkey: calendarInUse,
  appointments_calendar_id_fkey: calendarInUse,
  calendars_location_id_fkey: locationInUse,
  work_plans_week_template_id_fkey: weekTemplateInUse,
};
