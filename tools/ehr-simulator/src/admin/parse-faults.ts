import { isRecord } from '../http-io';
import type { Faults } from '../faults';

const times = (value: unknown) =>
  value === undefined || (Number.isSafeInteger(value) && (value as number) >= 0);

/** A `PUT /_admin/faults` body as Faults, or what is wrong with it. */
export function parseFaults(body: unknown): Faults | string {
  if (!isRecord(body)) return 'The body must be a JSON object.';
  const { down, serverError, rateLimit, latencyMs, requireAppointmentType, ...rest } = body;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) return `Unknown fault ${unknown[0]}.`;
  if (down !== undefined && down !== 'reset' && down !== 'unavailable')
    return 'down must be "reset" or "unavailable".';
  if (serverError !== undefined && !(isRecord(serverError) && times(serverError.times)))
    return 'serverError must be { times? }.';
  if (
    rateLimit !== undefined &&
    !(
      isRecord(rateLimit) &&
      Number.isSafeInteger(rateLimit.retryAfterSeconds) &&
      (rateLimit.retryAfterSeconds as number) >= 0 &&
      times(rateLimit.times)
    )
  ) {
    return 'rateLimit must be { retryAfterSeconds, times? }.';
  }
  if (
    latencyMs !== undefined &&
    !(Number.isSafeInteger(latencyMs) && (latencyMs as number) >= 0 && (latencyMs as number) <= 60_000)
  ) {
    return 'latencyMs must be 0–60000.';
  }
  if (requireAppointmentType !== undefined && typeof requireAppointmentType !== 'boolean')
    return 'requireAppointmentType must be a boolean.';
  return body as Faults;
}
