import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';

export interface VersionToImport {
  externalId: string;
  version: string;
}

/**
 * The last imported version of each EHR appointment of a connection (ehr_sync.imported_versions).
 * One statement records the versions that are new and answers only those, so two imports of one
 * version (a re-run, a redelivered push) race to one winner and the loser emits nothing.
 */
@Injectable()
export class ImportedVersionsRepository {
  /** Records the versions not imported yet; answers them, `created` when the appointment was new. */
  async recordNew(
    tx: Tx,
    connectionId: string,
    runId: string | null,
    items: VersionToImport[],
    at: Date,
  ): Promise<{ externalId: string; created: boolean }[]> {
    if (items.length === 0) return [];
    return tx.rows(
      sql`INSERT INTO ehr_sync.imported_versions AS v (clinic_id, connection_id, external_id, version, sync_run_id, imported_at)
          SELECT ${tx.clinicId}::uuid, ${connectionId}::uuid, i.external_id, i.version, ${runId}::uuid, ${at}::timestamptz
            FROM unnest(${items.map((i) => i.externalId)}::text[], ${items.map((i) => i.version)}::text[])
                 AS i (external_id, version)
          ON CONFLICT (connection_id, external_id) DO UPDATE
             SET version = EXCLUDED.version, sync_run_id = EXCLUDED.sync_run_id, imported_at = EXCLUDED.imported_at
           WHERE v.version <> EXCLUDED.version
          RETURNING v.external_id AS "externalId", (xmax = 0) AS created`,
      z.object({ externalId: z.string(), created: z.boolean() }),
    );
  }
}
