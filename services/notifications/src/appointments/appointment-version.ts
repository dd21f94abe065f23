import { AppointmentStatus, type Appointment } from '@carebus/contracts';
import { invalidEvent } from '../notifications.errors';

export const APPOINTMENT_STATES = ['unspecified', 'booked', 'arrived', 'cancelled', 'no_show'] as const;
export type AppointmentState = (typeof APPOINTMENT_STATES)[number];

const STATE_OF: Record<AppointmentStatus, AppointmentState> = {
  [AppointmentStatus.UNSPECIFIED]: 'unspecified',
  [AppointmentStatus.BOOKED]: 'booked',
  [AppointmentStatus.ARRIVED]: 'arrived',
  [AppointmentStatus.CANCELLED]: 'cancelled',
  [AppointmentStatus.NO_SHOW]: 'no_show',
};

/** The status notifications keeps beside the version; an enum value it does not know reads as unspecified. */
export function appointmentStateOf(a: Appointment): AppointmentState {
  return STATE_OF[a.status] ?? 'unspecified';
}

/**
 * The appointment version an event carries; null when it carries none (0: a producer from before
 * versions), which is applied as it comes. A negative or unrepresentable version can never be
 * ordered: `notifications.invalid_event`, dead-lettered at once.
 */
export function appointmentVersionOf(a: Appointment): number | null {
  if (a.version === 0n) return null;
  if (a.version < 0n || a.version > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw invalidEvent('the appointment event has no usable version');
  }
  return Number(a.version);
}

/**
 * Whether to apply an event of version `incoming` when `held` is the version of the last event
 * applied for its appointment (null: none yet). Older or equal is stale: a retry, a replay or a
 * redelivery that arrives after a newer change was applied. Versions may have gaps (a change
 * without an event), so only the order counts.
 */
export function versionDecision(held: number | null, incoming: number): 'apply' | 'stale' {
  return held !== null && incoming <= held ? 'stale' : 'apply';
}
