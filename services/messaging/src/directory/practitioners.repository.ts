import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';

export interface PractitionerCopy {
  id: string;
  active: boolean;
  version: number;
}

/** Local copies of scheduling's practitioners (messaging.practitioners): a practitioner's subject is their id. */
@Injectable()
export class PractitionersRepository {
  async find(tx: Tx, id: string): Promise<PractitionerCopy | null> {
    return (
      (await tx.maybeOne(
        sql`SELECT id, active, version FROM messaging.practitioners WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid`,
        z.object({ id: z.string(), active: z.boolean(), version: z.coerce.number() }),
        { prepared: true },
      )) ?? null
    );
  }

  /** Applies a version unless a newer one is stored already; true when applied. */
  async upsert(tx: Tx, p: PractitionerCopy, at: Date): Promise<boolean> {
    const applied = await tx.execute(
      sql`INSERT INTO messaging.practitioners (clinic_id, id, active, version, updated_at)
          VALUES (${tx.clinicId}, ${p.id}::uuid, ${p.active}, ${p.version}, ${at})
          ON CONFLICT (clinic_id, id) DO UPDATE
            SET active = EXCLUDED.active, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
          WHERE messaging.practitioners.version < EXCLUDED.version`,
    );
    return applied === 1;
  }
}
