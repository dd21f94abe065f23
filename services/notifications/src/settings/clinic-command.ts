import { EVENTS } from '@carebus/contracts';
import { isEventOf, type ConsumedEvent } from '@carebus/messaging-kafka';
import { invalidEvent } from '../notifications.errors';
import type { ClinicCopy } from './clinic-settings';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The clinic a scheduling.clinic.v1 event carries; null for a type this service does not know.
 * A clinic notifications could not plan with (no name, no usable time zone, no version) is
 * dead-lettered at once: retrying would not change it.
 */
export function clinicCopyOf(event: ConsumedEvent): ClinicCopy | null {
  if (!isEventOf(event, EVENTS.clinicCreated) && !isEventOf(event, EVENTS.clinicUpdated)) return null;
  const p = event.payload;
  if (p.name === '') throw invalidEvent('the clinic event has no name');
  if (!isTimeZone(p.timeZone)) throw invalidEvent('the clinic event has no IANA time zone');
  if (p.version < 1n || p.version > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw invalidEvent('the clinic event has no usable version');
  }
  return {
    clinicName: p.name,
    timeZone: p.timeZone,
    clinicalAdminEmail: p.clinicalAdminEmail === '' ? null : p.clinicalAdminEmail,
    version: Number(p.version),
  };
}
