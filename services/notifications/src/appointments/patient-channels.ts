import type { Appointment } from '@carebus/contracts';
import { CHANNELS, type ChannelName, type DeliveryChannel } from '../channels/channel';
import { addressOn, type PatientContact } from '../contacts/patient-contact';

/**
 * Portal first for portal-reachable patients (never for hidden appointments); otherwise the
 * preferred channel, then the other enabled channels the patient has an address on, as fallbacks.
 * Hidden appointments never reach a guardian's contact points.
 */
export function patientChannels(
  appointment: Pick<Appointment, 'hidden'>,
  contact: PatientContact | null,
  enabled: readonly ChannelName[],
): DeliveryChannel[] {
  if (!contact) return [];
  if (appointment.hidden && contact.guardianContact) return [];
  if (contact.portalReachable && !appointment.hidden) return ['portal'];
  const usable = CHANNELS.filter((c) => enabled.includes(c) && addressOn(contact, c));
  const preferred = contact.preferredChannel;
  return preferred && usable.includes(preferred)
    ? [preferred, ...usable.filter((c) => c !== preferred)]
    : usable;
}
