import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { raw, sql, type Tx } from '@carebus/persistence';
import type { PortalPatient } from './portal-patient';
import { PORTAL_ACCOUNT_STATES, REACHABILITY_REASONS } from './reachability';

const COLUMNS = raw(`clinic_id AS "clinicId", patient_id AS "patientId", national_id_kind AS "nationalIdKind",
  national_id_sealed AS "nationalIdSealed", national_id_lookup AS "nationalIdLookup", consent,
  consent_changed_at AS "consentChangedAt", portal_account AS "portalAccount", reachable, reason,
  version::int AS version, updated_at AS "updatedAt"`);

const Row = z.object({
  clinicId: z.string(),
  patientId: z.string(),
  nationalIdKind: z.enum(['birth_number', 'd_number', 'h_number', 'invalid']).nullable(),
  nationalIdSealed: z.string().nullable(),
  nationalIdLookup: z.string().nullable(),
  consent: z.boolean(),
  consentChangedAt: z.date().nullable(),
  portalAccount: z.enum(PORTAL_ACCOUNT_STATES),
  reachable: z.boolean(),
  reason: z.enum(REACHABILITY_REASONS),
  version: z.number(),
  updatedAt: z.date(),
});

/** Patients' portal reachability (messaging.portal_patients, row-level security by clinic). */
@Injectable()
export class PortalPatientsRepository {
  async find(tx: Tx, patientId: string, lock = false): Promise<PortalPatient | null> {
    const row = await tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM messaging.portal_patients
           WHERE clinic_id = ${tx.clinicId} AND patient_id = ${patientId}::uuid${raw(lock ? ' FOR UPDATE' : '')}`,
      Row,
      { prepared: true },
    );
    return row ?? null;
  }

  /** The clinic's patients whose national id hashes to one of `lookups` (one per key version), locked (normally one). */
  async findByLookup(tx: Tx, lookups: string[]): Promise<PortalPatient[]> {
    return tx.rows(
      sql`SELECT ${COLUMNS} FROM messaging.portal_patients
           WHERE clinic_id = ${tx.clinicId} AND national_id_lookup = ANY(${lookups}::text[])
           ORDER BY patient_id FOR UPDATE`,
      Row,
    );
  }

  /** Serialises first writes of one patient: the row exists (not reachable, version 0: nothing published yet) after this. */
  async ensure(tx: Tx, patientId: string, at: Date): Promise<void> {
    await tx.execute(
      sql`INSERT INTO messaging.portal_patients (clinic_id, patient_id, reachable, reason, version, updated_at)
          VALUES (${tx.clinicId}, ${patientId}::uuid, false, 'no_national_id', 0, ${at})
          ON CONFLICT (clinic_id, patient_id) DO NOTHING`,
    );
  }

  async save(tx: Tx, p: PortalPatient): Promise<void> {
    await tx.execute(
      sql`UPDATE messaging.portal_patients
             SET national_id_kind = ${p.nationalIdKind}, national_id_sealed = ${p.nationalIdSealed},
                 national_id_lookup = ${p.nationalIdLookup}, consent = ${p.consent},
                 consent_changed_at = ${p.consentChangedAt}, portal_account = ${p.portalAccount},
                 reachable = ${p.reachable}, reason = ${p.reason}, version = ${p.version}, updated_at = ${p.updatedAt}
           WHERE clinic_id = ${tx.clinicId} AND patient_id = ${p.patientId}::uuid`,
    );
  }
}
