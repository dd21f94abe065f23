import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';
import { CHANNELS, type ChannelName } from '../channels/channel';

export const ENABLEMENT_SCOPES = ['clinic', 'calendar', 'appointment_type'] as const;
export type EnablementScope = (typeof ENABLEMENT_SCOPES)[number];

export interface EnablementRule {
  scope: EnablementScope;
  scopeId: string;
  channels: ChannelName[];
}

const RuleRow = z.object({
  scope: z.enum(ENABLEMENT_SCOPES),
  scopeId: z.string(),
  channels: z.array(z.enum(CHANNELS)),
});

const SPECIFICITY: Record<EnablementScope, number> = { appointment_type: 3, calendar: 2, clinic: 1 };

/** Channels enabled per clinic, calendar and appointment type; the most specific rule wins. */
@Injectable()
export class EnablementRepository {
  list(tx: Tx): Promise<EnablementRule[]> {
    return tx.rows(
      sql`SELECT scope, scope_id AS "scopeId", channels FROM notifications.channel_enablement
           WHERE clinic_id = ${tx.clinicId} ORDER BY scope, scope_id`,
      RuleRow,
    );
  }

  /**
   * Channels for an appointment: the appointment type's rule, else the calendar's, else the
   * clinic's, else every channel. An empty list means notifications are off.
   */
  async resolve(tx: Tx, calendarId: string | null, appointmentTypeId: string | null): Promise<ChannelName[]> {
    const rules = await tx.rows(
      sql`SELECT scope, scope_id AS "scopeId", channels FROM notifications.channel_enablement
           WHERE clinic_id = ${tx.clinicId}
             AND ((scope = 'clinic' AND scope_id = ${tx.clinicId})
               OR (scope = 'calendar' AND scope_id = ${calendarId}::uuid)
               OR (scope = 'appointment_type' AND scope_id = ${appointmentTypeId}::uuid))`,
      RuleRow,
      { prepared: true },
    );
    rules.sort((a, b) => SPECIFICITY[b.scope] - SPECIFICITY[a.scope]);
    return rules[0] ? rules[0].channels : [...CHANNELS];
  }

  async put(tx: Tx, rule: EnablementRule): Promise<void> {
    await tx.execute(
      sql`INSERT INTO notifications.channel_enablement (clinic_id, scope, scope_id, channels)
          VALUES (${tx.clinicId}, ${rule.scope}, ${rule.scopeId}, ${rule.channels})
          ON CONFLICT (clinic_id, scope, scope_id) DO UPDATE SET channels = EXCLUDED.channels, updated_at = now()`,
    );
  }

  async remove(tx: Tx, scope: EnablementScope, scopeId: string): Promise<boolean> {
    const removed = await tx.execute(
      sql`DELETE FROM notifications.channel_enablement
           WHERE clinic_id = ${tx.clinicId} AND scope = ${scope} AND scope_id = ${scopeId}`,
    );
    return removed > 0;
  }
}
