import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';

/** What a Carebus id is linked to in an EHR. */
export type LinkKind = 'appointment' | 'patient' | 'practitioner' | 'calendar' | 'appointment_type';

/**
 * Carebus ids ↔ the EHR's ids, per connection (ehr_sync.ehr_links): appointments written (or
 * imported), patients, and the practitioner, calendar and appointment-type mappings a write is
 * resolved through.
 */
@Injectable()
export class EhrLinksRepository {
  async externalId(tx: Tx, connectionId: string, kind: LinkKind, carebusId: string): Promise<string | null> {
    const row = await tx.maybeOne(
      sql`SELECT external_id AS "externalId" FROM ehr_sync.ehr_links
           WHERE clinic_id = ${tx.clinicId} AND connection_id = ${connectionId}::uuid AND kind = ${kind}
             AND carebus_id = ${carebusId}::uuid`,
      z.object({ externalId: z.string() }),
      { prepared: true },
    );
    return row?.externalId ?? null;
  }

  /** Links (or re-links) a Carebus id to the EHR's id. */
  async link(
    tx: Tx,
    connectionId: string,
    kind: LinkKind,
    carebusId: string,
    externalId: string,
    at: Date,
  ): Promise<void> {
    await tx.execute(
      sql`INSERT INTO ehr_sync.ehr_links (clinic_id, connection_id, kind, carebus_id, external_id, linked_at)
          VALUES (${tx.clinicId}, ${connectionId}, ${kind}, ${carebusId}, ${externalId}, ${at})
          ON CONFLICT (connection_id, kind, carebus_id) DO UPDATE SET external_id = EXCLUDED.external_id, linked_at = EXCLUDED.linked_at`,
      { prepared: true },
    );
  }

  /** The Carebus id linked to the EHR's id, if any. */
  async carebusId(tx: Tx, connectionId: string, kind: LinkKind, externalId: string): Promise<string | null> {
    const row = await tx.maybeOne(
      sql`SELECT carebus_id AS "carebusId" FROM ehr_sync.ehr_links
           WHERE clinic_id = ${tx.clinicId} AND connection_id = ${connectionId}::uuid AND kind = ${kind}
             AND external_id = ${externalId} LIMIT 1`,
      z.object({ carebusId: z.string() }),
    );
    return row?.carebusId ?? null;
  }
}
