import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CHANNELS, type ChannelName } from '../channels/channel';

export type EnablementScope = 'clinic' | 'calendar' | 'appointment_type';
export const ENABLEMENT_SCOPES: readonly EnablementScope[] = ['clinic', 'calendar', 'appointment_type'];

export interface EnablementRule {
  scope: EnablementScope;
  scopeId: string;
  channels: ChannelName[];
}

const SPECIFICITY: Record<EnablementScope, number> = { appointment_type: 3, calendar: 2, clinic: 1 };

/** Channels enabled per clinic, calendar and appointment type; the most specific rule wins. */
@Injectable()
export class EnablementRepository {
  async list(manager: EntityManager, clinicId: string): Promise<EnablementRule[]> {
    return (await manager.query(
      `SELECT scope, scope_id AS "scopeId", channels FROM notifications.channel_enablement
        WHERE clinic_id = $1 ORDER BY scope, scope_id`,
      [clinicId],
    )) as EnablementRule[];
  }

  /**
   * Channels for an appointment: the appointment type's rule, else the calendar's, else the
   * clinic's, else every channel. An empty list means notifications are off.
   */
  async resolve(
    manager: EntityManager,
    clinicId: string,
    calendarId: string | null,
    appointmentTypeId: string | null,
  ): Promise<ChannelName[]> {
    const rules = (await manager.query(
      `SELECT scope, scope_id AS "scopeId", channels FROM notifications.channel_enablement
        WHERE clinic_id = $1 AND ((scope = 'clinic' AND scope_id = $1)
           OR (scope = 'calendar' AND scope_id = $2) OR (scope = 'appointment_type' AND scope_id = $3))`,
      [clinicId, calendarId, appointmentTypeId],
    )) as EnablementRule[];
    rules.sort((a, b) => SPECIFICITY[b.scope] - SPECIFICITY[a.scope]);
    return rules[0] ? rules[0].channels : [...CHANNELS];
  }

  async put(manager: EntityManager, clinicId: string, rule: EnablementRule): Promise<void> {
    await manager.query(
      `INSERT INTO notifications.channel_enablement (clinic_id, scope, scope_id, channels) VALUES ($1, $2, $3, $4)
       ON CONFLICT (clinic_id, scope, scope_id) DO UPDATE SET channels = $4, updated_at = now()`,
      [clinicId, rule.scope, rule.scopeId, rule.channels],
    );
  }

  async remove(
    manager: EntityManager,
    clinicId: string,
    scope: EnablementScope,
    scopeId: string,
  ): Promise<boolean> {
    const [, count] = (await manager.query(
      `DELETE FROM notifications.channel_enablement WHERE clinic_id = $1 AND scope = $2 AND scope_id = $3`,
      [clinicId, scope, scopeId],
    )) as [unknown, number];
    return count > 0;
  }
}
