import type { DeliveryChannel } from '../channels/channel';
import { DELIVERY_CODES } from '../notifications.errors';
import { staffAddressOn, type StaffMember } from '../settings/staff-directory.repository';

/** The channels a notice goes through, or why it goes through none (recorded, not an error). */
export type NoticeRoute = { channels: DeliveryChannel[]; skipped: null } | { channels: []; skipped: string };

const skipped = (reason: string): NoticeRoute => ({ channels: [], skipped: reason });

/** A staff member is told on the channels they opted in to and have an address on. */
export function staffNoticeRoute(member: StaffMember | null): NoticeRoute {
  if (!member) return skipped(DELIVERY_CODES.noStaffContact);
  if (member.dialogueChannels.length === 0) return skipped(DELIVERY_CODES.notOptedIn);
  const channels = member.dialogueChannels.filter((c) => staffAddressOn(member, c));
  return channels.length > 0 ? { channels, skipped: null } : skipped(DELIVERY_CODES.noAddress);
}

/**
 * The patient: not at all in a thread from the national portal (the clinic's answer goes back
 * through the portal, which tells the patient itself); otherwise the channels patientChannels
 * chose (portal when reachable, else the clinic's enabled ones), or none.
 */
export function patientNoticeRoute(fromNationalPortal: boolean, channels: DeliveryChannel[]): NoticeRoute {
  if (fromNationalPortal) return skipped(DELIVERY_CODES.answeredInPortal);
  return channels.length > 0 ? { channels, skipped: null } : skipped(DELIVERY_CODES.noChannel);
}
