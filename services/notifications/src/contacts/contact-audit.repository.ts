import { Injectable } from '@nestjs/common';
import { sql, type Tx } from '@carebus/persistence';

export type ContactAccess = 'patient_contact.read' | 'patient_contact.write' | 'patient_contact.delete';

/** Every access to a patient's contact points, into the schema's audit_log in the same transaction. */
@Injectable()
export class ContactAuditRepository {
  async record(
    tx: Tx,
    access: { actor: string; action: ContactAccess; patientId: string; traceId: string | null },
  ): Promise<void> {
    await tx.execute(
      sql`INSERT INTO notifications.audit_log (clinic_id, actor, action, resource_type, resource_id, outcome, trace_id)
          VALUES (${tx.clinicId}, ${access.actor}, ${access.action}, 'patient', ${access.patientId}, 'allowed',
                  ${access.traceId})`,
      { prepared: true },
    );
  }
}
