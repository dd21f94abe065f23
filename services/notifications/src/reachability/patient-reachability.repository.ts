import { Injectable } from '@nestjs/common';
import { sql, type Tx } from '@carebus/persistence';

export interface ReachabilityCopy {
  patientId: string;
  reachable: boolean;
  reason: string;
  version: number;
  changedAt: Date;
}

/** Messaging's reachability decisions as last seen (notifications.patient_reachability). */
@Injectable()
export class PatientReachabilityRepository {
  /** Keeps the copy when `version` is higher than the one held; false for an older or repeated version. */
  async applyNewer(tx: Tx, r: ReachabilityCopy): Promise<boolean> {
    const changed = await tx.execute(
      sql`INSERT INTO notifications.patient_reachability (clinic_id, patient_id, reachable, reason, version, changed_at)
          VALUES (${tx.clinicId}, ${r.patientId}::uuid, ${r.reachable}, ${r.reason}, ${r.version}, ${r.changedAt})
          ON CONFLICT (clinic_id, patient_id) DO UPDATE
            SET reachable = EXCLUDED.reachable, reason = EXCLUDED.reason, version = EXCLUDED.version,
                changed_at = EXCLUDED.changed_at
          WHERE notifications.patient_reachability.version < EXCLUDED.version`,
    );
    return changed === 1;
  }
}
