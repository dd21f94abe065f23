/** A practitioner whose client stops sending heartbeats is shown offline after this long. */
export const PRESENCE_TTL_SECONDS = 60;

export type PresenceStatus = 'online' | 'in_call' | 'offline';

/** An active practitioner of the clinic and their last heartbeat, if any. */
export interface PresenceRow {
  practitionerId: string;
  name: string;
  status: 'online' | 'in_call' | null;
  lastHeartbeatAt: Date | null;
}

/** What a heartbeat said, while it is fresh; offline once it is older than the TTL. */
export function presenceStatus(row: PresenceRow, now: Date): PresenceStatus {
  const fresh = now.getTime() - PRESENCE_TTL_SECONDS * 1000;
  return row.status && row.lastHeartbeatAt && row.lastHeartbeatAt.getTime() >= fresh ? row.status : 'offline';
}
