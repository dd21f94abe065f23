import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';

export const NATIONAL_ID_KINDS = ['national_id', 'd_number', 'h_number', 'none'] as const;
export type NationalIdKind = (typeof NATIONAL_ID_KINDS)[number];

/** Messaging's copy of a scheduling patient: who they are listed with, and what national id they have. */
export interface PatientCopy {
  id: string;
  listedGpId: string | null;
  nationalIdKind: NationalIdKind | null;
  nationalIdValid: boolean;
  /** The identity (name, national id) as scheduling sealed it; opened only with the patient-identity ring. */
  sealedIdentity: string | null;
  version: number;
}

const PatientRow = z.object({
  id: z.string(),
  listedGpId: z.string().nullable(),
  nationalIdKind: z.enum(NATIONAL_ID_KINDS).nullable(),
  nationalIdValid: z.boolean(),
  sealedIdentity: z.string().nullable(),
  version: z.coerce.number(),
});

/** Local copies of scheduling's patients (messaging.patients), kept by `scheduling.patient.v1`. */
@Injectable()
export class PatientsRepository {
  async find(tx: Tx, id: string): Promise<PatientCopy | null> {
    return (
      (await tx.maybeOne(
        sql`SELECT id, listed_gp_id AS "listedGpId", national_id_kind AS "nationalIdKind",
                   national_id_valid AS "nationalIdValid", sealed_identity AS "sealedIdentity", version
              FROM messaging.patients WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid`,
        PatientRow,
        { prepared: true },
      )) ?? null
    );
  }

  /** Applies a version of the patient unless a newer one is stored already; true when applied. */
  async upsert(tx: Tx, p: PatientCopy, at: Date): Promise<boolean> {
    const applied = await tx.execute(
      sql`INSERT INTO messaging.patients (clinic_id, id, listed_gp_id, national_id_kind, national_id_valid,
            sealed_identity, version, updated_at)
          VALUES (${tx.clinicId}, ${p.id}::uuid, ${p.listedGpId}::uuid, ${p.nationalIdKind}, ${p.nationalIdValid},
            ${p.sealedIdentity}, ${p.version}, ${at})
          ON CONFLICT (clinic_id, id) DO UPDATE
            SET listed_gp_id = EXCLUDED.listed_gp_id, national_id_kind = EXCLUDED.national_id_kind,
                national_id_valid = EXCLUDED.national_id_valid, sealed_identity = EXCLUDED.sealed_identity,
                version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
          WHERE messaging.patients.version < EXCLUDED.version`,
    );
    return applied === 1;
  }
}
