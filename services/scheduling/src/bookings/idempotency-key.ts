import { createHash } from 'node:crypto';
import { ValidationError } from '@carebus/errors';
import type { BookAppointmentCommand } from './book-appointment.command';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The Idempotency-Key of a booking, REST header or gRPC field: 1–200 visible ASCII characters. */
export function checkIdempotencyKey(field: string, key: string | undefined): string | undefined {
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationError([{ field, message: 'must be 1–200 visible ASCII characters' }]);
  }
  return key;
}

/** What makes two bookings "the same request" for the Idempotency-Key. */
export function requestHashOf(c: BookAppointmentCommand): string {
  const fields = [
    c.calendarId,
    c.appointmentTypeId,
    c.patientId,
    c.start.toISOString(),
    c.contactSurface,
    c.note,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
