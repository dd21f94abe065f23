import { Injectable } from '@nestjs/common';
import { sql, type Tx } from '@carebus/persistence';

/** Change ids each connection has processed (ehr_sync.pushed_changes, row-level security by clinic). */
@Injectable()
export class PushedChangesRepository {
  /** Records a change id; false when the connection has processed it before (a redelivery). */
  async recordNew(
    tx: Tx,
    change: { connectionId: string; changeId: string; kind: string; externalId: string },
    at: Date,
  ): Promise<boolean> {
    const added = await tx.execute(
      sql`INSERT INTO ehr_sync.pushed_changes (clinic_id, connection_id, change_id, kind, external_id, received_at)
          VALUES (${tx.clinicId}, ${change.connectionId}, ${change.changeId}, ${change.kind}, ${change.externalId}, ${at})
          ON CONFLICT (connection_id, change_id) DO NOTHING`,
    );
    return added === 1;
  }
}
