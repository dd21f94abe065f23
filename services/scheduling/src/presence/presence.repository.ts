import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type PresenceStatus = 'online' | 'in_call' | 'offline';

export interface PresenceRow {
  practitionerId: string;
  name: string;
  status: 'online' | 'in_call' | null;
  lastHeartbeatAt: Date | null;
}

@Injectable()
export class PresenceRepository {
  /** False when the practitioner is not one of the clinic's. */
  async heartbeat(
    manager: EntityManager,
    clinicId: string,
    practitionerId: string,
    status: 'online' | 'in_call',
    at: Date,
  ): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO scheduling.practitioner_presence (practitioner_id, clinic_id, status, last_heartbeat_at)
       SELECT p.id, p.clinic_id, $3, $4 FROM scheduling.practitioners p WHERE p.clinic_id = $1 AND p.id = $2
       ON CONFLICT (practitioner_id) DO UPDATE SET status = EXCLUDED.status, last_heartbeat_at = EXCLUDED.last_heartbeat_at
       RETURNING practitioner_id`,
      [clinicId, practitionerId, status, at],
    );
    return rows.length === 1;
  }

  async signOff(manager: EntityManager, clinicId: string, practitionerId: string): Promise<void> {
    await manager.query(
      `DELETE FROM scheduling.practitioner_presence WHERE clinic_id = $1 AND practitioner_id = $2`,
      [clinicId, practitionerId],
    );
  }

  async list(manager: EntityManager, clinicId: string): Promise<PresenceRow[]> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT p.id, p.name, pp.status, pp.last_heartbeat_at FROM scheduling.practitioners p
       LEFT JOIN scheduling.practitioner_presence pp ON pp.practitioner_id = p.id
       WHERE p.clinic_id = $1 AND p.active ORDER BY p.name, p.id`,
      [clinicId],
    );
    return rows.map((r) => ({
      practitionerId: r.id as string,
      name: r.name as string,
      status: (r.status as PresenceRow['status']) ?? null,
      lastHeartbeatAt: (r.last_heartbeat_at as Date | null) ?? null,
    }));
  }
}
