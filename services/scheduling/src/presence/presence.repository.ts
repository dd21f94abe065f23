import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';
import type { PresenceRow } from './presence';

const Row = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['online', 'in_call']).nullable(),
    last_heartbeat_at: z.date().nullable(),
  })
  .transform((r): PresenceRow => ({
    practitionerId: r.id,
    name: r.name,
    status: r.status,
    lastHeartbeatAt: r.last_heartbeat_at,
  }));

@Injectable()
export class PresenceRepository {
  /** False when the practitioner is not one of the clinic's. */
  async heartbeat(tx: Tx, practitionerId: string, status: 'online' | 'in_call', at: Date): Promise<boolean> {
    const touched = await tx.execute(
      sql`INSERT INTO scheduling.practitioner_presence (practitioner_id, clinic_id, status, last_heartbeat_at)
          SELECT p.id, p.clinic_id, ${status}, ${at}::timestamptz FROM scheduling.practitioners p
          WHERE p.clinic_id = ${tx.clinicId} AND p.id = ${practitionerId}
          ON CONFLICT (practitioner_id)
            DO UPDATE SET status = EXCLUDED.status, last_heartbeat_at = EXCLUDED.last_heartbeat_at`,
      { prepared: true },
    );
    return touched === 1;
  }

  async signOff(tx: Tx, practitionerId: string): Promise<void> {
    await tx.execute(
      sql`DELETE FROM scheduling.practitioner_presence
          WHERE clinic_id = ${tx.clinicId} AND practitioner_id = ${practitionerId}`,
    );
  }

  async list(tx: Tx): Promise<PresenceRow[]> {
    return tx.rows(
      sql`SELECT p.id, p.name, pp.status, pp.last_heartbeat_at FROM scheduling.practitioners p
          LEFT JOIN scheduling.practitioner_presence pp ON pp.practitioner_id = p.id
          WHERE p.clinic_id = ${tx.clinicId} AND p.active ORDER BY p.name, p.id`,
      Row,
    );
  }
}
