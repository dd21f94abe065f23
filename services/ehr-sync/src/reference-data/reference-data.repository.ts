import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';
import type { ReferenceEntity, ReferenceKind } from './reference-entity';

const EntityRow = z.object({
  id: z.string(),
  name: z.string(),
  ownerPractitionerId: z.string().nullable(),
  active: z.boolean(),
});

/** The local copy of scheduling's reference data (row-level security by clinic). */
@Injectable()
export class ReferenceDataRepository {
  /** Upserts unless the copy holds this version or a newer one; false when stale. */
  async apply(tx: Tx, e: ReferenceEntity): Promise<boolean> {
    return (
      (await tx.execute(
        sql`INSERT INTO ehr_sync.reference_entities AS r (clinic_id, kind, id, name, owner_practitioner_id, active, version, updated_at)
            VALUES (${tx.clinicId}, ${e.kind}, ${e.id}, ${e.name}, ${e.ownerPractitionerId}, ${e.active}, ${e.version}, ${e.updatedAt})
            ON CONFLICT (kind, id) DO UPDATE SET name = EXCLUDED.name,
              owner_practitioner_id = EXCLUDED.owner_practitioner_id, active = EXCLUDED.active,
              version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
            WHERE r.clinic_id = EXCLUDED.clinic_id AND r.version < EXCLUDED.version`,
      )) > 0
    );
  }

  async applyTimeZone(tx: Tx, timeZone: string, version: number, at: Date): Promise<boolean> {
    return (
      (await tx.execute(
        sql`INSERT INTO ehr_sync.clinic_time_zones AS c (clinic_id, time_zone, version, updated_at)
            VALUES (${tx.clinicId}, ${timeZone}, ${version}, ${at})
            ON CONFLICT (clinic_id) DO UPDATE SET time_zone = EXCLUDED.time_zone, version = EXCLUDED.version,
              updated_at = EXCLUDED.updated_at
            WHERE c.version < EXCLUDED.version`,
      )) > 0
    );
  }

  async timeZone(tx: Tx): Promise<string | null> {
    const row = await tx.maybeOne(
      sql`SELECT time_zone AS "timeZone" FROM ehr_sync.clinic_time_zones WHERE clinic_id = ${tx.clinicId}`,
      z.object({ timeZone: z.string() }),
      { prepared: true },
    );
    return row?.timeZone ?? null;
  }

  /** The clinic's active entity of this kind, or null (unknown, another clinic's, deleted or archived). */
  async active(tx: Tx, kind: ReferenceKind, id: string) {
    const row = await tx.maybeOne(
      sql`SELECT id, name, owner_practitioner_id AS "ownerPractitionerId", active FROM ehr_sync.reference_entities
           WHERE clinic_id = ${tx.clinicId} AND kind = ${kind} AND id = ${id}::uuid AND active`,
      EntityRow,
    );
    return row ?? null;
  }
}
