import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AuditTrail } from '@carebus/audit';
import { sql, TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { assertAdmin, assertStaff, type Actor } from '../dialogues/actor';
import { UnreadCounters } from '../inboxes/unread-counters';
import { settingsVersionMismatch } from '../messaging.errors';

export type SharedReadClears = 'per_user' | 'per_inbox';

export interface MessagingSettings {
  sharedReadClears: SharedReadClears;
  version: number;
}

const Row = z.object({ sharedReadClears: z.enum(['per_user', 'per_inbox']), version: z.number() });

/** The clinic's messaging settings: whether a read in a shared inbox clears it per user or for the inbox. */
@Injectable()
export class MessagingSettingsUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly counters: UnreadCounters,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async read(actor: Actor): Promise<MessagingSettings> {
    assertStaff(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const row = await tx.maybeOne(
        sql`SELECT shared_read_clears AS "sharedReadClears", version FROM messaging.messaging_settings WHERE clinic_id = ${tx.clinicId}`,
        Row,
      );
      return row ?? { sharedReadClears: 'per_inbox', version: 0 };
    });
  }

  /** Changing the mode rebuilds every unread counter of the clinic in the same transaction. */
  async write(actor: Actor, clears: SharedReadClears, expectedVersion: number): Promise<MessagingSettings> {
    assertAdmin(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const now = this.clock.now();
      const written = await tx.maybeOne(
        sql`INSERT INTO messaging.messaging_settings (clinic_id, shared_read_clears, version, updated_at)
            VALUES (${tx.clinicId}, ${clears}, 1, ${now})
            ON CONFLICT (clinic_id) DO UPDATE SET shared_read_clears = EXCLUDED.shared_read_clears,
              version = messaging.messaging_settings.version + 1, updated_at = EXCLUDED.updated_at
            WHERE messaging.messaging_settings.version = ${expectedVersion}
            RETURNING shared_read_clears AS "sharedReadClears", version`,
        Row,
      );
      if (!written || (expectedVersion === 0 && written.version !== 1))
        throw settingsVersionMismatch(expectedVersion);
      await this.counters.rebuild(tx);
      await this.audit.record(tx, {
        clinicId: actor.clinicId,
        principal: actor.principal,
        action: 'messaging_settings.write',
        resourceType: 'messaging_settings',
        resourceId: null,
        outcome: 'allowed',
      });
      return written;
    });
  }
}
