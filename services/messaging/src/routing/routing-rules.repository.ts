import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';
import {
  defaultRule,
  MESSAGE_TYPES,
  ROUTING_MODES,
  type MessageType,
  type RoutingRule,
} from './routing-rule';

const RuleRow = z.object({
  messageType: z.enum(MESSAGE_TYPES),
  mode: z.enum(ROUTING_MODES),
  receiverUnitId: z.string().nullable(),
  version: z.number(),
});

/** A clinic's routing rules per message type; a type without a row routes by its default. */
@Injectable()
export class RoutingRulesRepository {
  async find(tx: Tx, messageType: MessageType): Promise<RoutingRule> {
    const row = await tx.maybeOne(
      sql`SELECT message_type AS "messageType", mode, receiver_unit_id AS "receiverUnitId", version
            FROM messaging.routing_rules WHERE clinic_id = ${tx.clinicId} AND message_type = ${messageType}`,
      RuleRow,
      { prepared: true },
    );
    return row ? { ...row, configured: true } : defaultRule(messageType);
  }

  async all(tx: Tx): Promise<RoutingRule[]> {
    return Promise.all(MESSAGE_TYPES.map((t) => this.find(tx, t)));
  }

  /** Writes the rule when it is still at `expectedVersion` (0: never set); false otherwise. */
  async put(
    tx: Tx,
    rule: Omit<RoutingRule, 'version' | 'configured'>,
    expectedVersion: number,
    by: string,
    at: Date,
  ) {
    if (expectedVersion === 0) {
      const inserted = await tx.execute(
        sql`INSERT INTO messaging.routing_rules (clinic_id, message_type, mode, receiver_unit_id, version, updated_by, updated_at)
            VALUES (${tx.clinicId}, ${rule.messageType}, ${rule.mode}, ${rule.receiverUnitId}::uuid, 1, ${by}, ${at})
            ON CONFLICT (clinic_id, message_type) DO NOTHING`,
      );
      return inserted === 1;
    }
    return (
      (await tx.execute(
        sql`UPDATE messaging.routing_rules
               SET mode = ${rule.mode}, receiver_unit_id = ${rule.receiverUnitId}::uuid, version = version + 1,
                   updated_by = ${by}, updated_at = ${at}
             WHERE clinic_id = ${tx.clinicId} AND message_type = ${rule.messageType} AND version = ${expectedVersion}`,
      )) === 1
    );
  }
}
