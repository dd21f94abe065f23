import type { ChannelName } from '../channels/channel';
import type { Language } from '../templates/notification-kind';

/** A patient's contact points and preferences. Patient data: never log it. */
export interface PatientContact {
  patientId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  pushToken: string | null;
  preferredChannel: ChannelName | null;
  language: Language | null;
  /** Reachable through the national health portal: notified there, not by SMS/e-mail. */
  portalReachable: boolean;
  /** The contact points belong to a guardian: never used for hidden appointments. */
  guardianContact: boolean;
}

/** The address of a contact on a channel, if it has one. */
export function addressOn(contact: PatientContact, channel: ChannelName): string | null {
  if (channel === 'email') return contact.email;
  if (channel === 'sms') return contact.phone;
  return contact.pushToken;
}
