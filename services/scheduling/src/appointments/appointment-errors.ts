import { NotFoundError } from '@carebus/errors';

/** Unknown, another clinic's, or not visible to the caller: one answer, so nothing leaks. */
export const appointmentNotFound = (): NotFoundError =>
  new NotFoundError('scheduling.appointment_not_found', 'No such appointment.');
