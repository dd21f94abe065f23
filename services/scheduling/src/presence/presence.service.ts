import { Inject, Injectable } from '@nestjs/common';
import { isUuid, TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { subjectNotAPractitioner } from '../scheduling.errors';
import { presenceStatus, type PresenceStatus } from './presence';
import { PresenceRepository } from './presence.repository';

export interface Presence {
  practitionerId: string;
  name: string;
  status: PresenceStatus;
  lastSeenAt: Date | null;
}

/**
 * Presence for internal video calls between practitioners: clients send a heartbeat (every
 * ~20 s) with online or in_call; no heartbeat for 60 s means offline. A practitioner's token
 * subject is their practitioner id.
 */
@Injectable()
export class PresenceService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly presence: PresenceRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async heartbeat(clinicId: string, subject: string, status: 'online' | 'in_call'): Promise<void> {
    const known =
      isUuid(subject) &&
      (await this.tenant.withTenant(clinicId, (tx) =>
        this.presence.heartbeat(tx, subject, status, this.clock.now()),
      ));
    if (!known) throw subjectNotAPractitioner();
  }

  signOff(clinicId: string, subject: string): Promise<void> {
    // A subject that is no UUID has no presence to end.
    if (!isUuid(subject)) return Promise.resolve();
    return this.tenant.withTenant(clinicId, (tx) => this.presence.signOff(tx, subject));
  }

  async list(clinicId: string): Promise<Presence[]> {
    const rows = await this.tenant.withTenant(clinicId, (tx) => this.presence.list(tx));
    const now = this.clock.now();
    return rows.map((r) => ({
      practitionerId: r.practitionerId,
      name: r.name,
      status: presenceStatus(r, now),
      lastSeenAt: r.lastHeartbeatAt,
    }));
  }
}
