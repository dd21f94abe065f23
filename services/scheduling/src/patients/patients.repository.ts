import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { empty, join, raw, sql, toPage, type Page, type PageRequest, type Tx } from '@carebus/persistence';
import { assignments, definedFields } from '../persistence/assignments';
import { patientNotFound } from '../scheduling.errors';
import type { Patient, PatientInput } from './patient';

const PatientRow = z
  .object({
    id: z.string(),
    name: z.string(),
    national_id: z.string().nullable(),
    national_id_kind: z.enum(['fnr', 'dnr']).nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    has_guardian: z.boolean(),
    listed_practitioner_id: z.string().nullable(),
    created_at: z.date(),
    version: z.coerce.number().int(),
    updated_at: z.date(),
  })
  .transform((r): Patient => ({
    id: r.id,
    name: r.name,
    nationalId: r.national_id,
    nationalIdKind: r.national_id_kind,
    phone: r.phone,
    email: r.email,
    hasGuardian: r.has_guardian,
    listedPractitionerId: r.listed_practitioner_id,
    createdAt: r.created_at,
    version: r.version,
    updatedAt: r.updated_at,
  }));

const COLUMNS = sql`id, name, national_id, national_id_kind, phone, email, has_guardian, listed_practitioner_id,
  created_at, version, updated_at`;

type PatientColumns = Omit<Patient, 'id' | 'createdAt' | 'version' | 'updatedAt'>;
const SETTABLE = {
  name: 'name',
  nationalId: 'national_id',
  nationalIdKind: 'national_id_kind',
  phone: 'phone',
  email: 'email',
  hasGuardian: 'has_guardian',
  listedPractitionerId: 'listed_practitioner_id',
} as const;

/**
 * Patient rows, in the caller's tenant transaction, so the audit record of the access commits
 * with it (see PatientRecords). A second patient with one national id is refused by the database
 * (409 patient_exists).
 */
@Injectable()
export class PatientsRepository {
  /** Sorted by name; the cursor carries only the last id, so no name ends up in a URL. */
  async list(tx: Tx, namePrefix: string | undefined, page: PageRequest): Promise<Page<Patient>> {
    const prefix = namePrefix
      ? sql`AND lower(p.name) LIKE ${`${escapeLike(namePrefix.toLowerCase())}%`} ESCAPE '\\'`
      : empty;
    const after = page.after
      ? sql`AND (p.name, p.id) > (SELECT c.name, c.id FROM scheduling.patients c
                                  WHERE c.clinic_id = ${tx.clinicId} AND c.id = ${page.after.id})`
      : empty;
    const rows = await tx.rows(
      sql`SELECT ${COLUMNS} FROM scheduling.patients p WHERE p.clinic_id = ${tx.clinicId} ${prefix} ${after}
          ORDER BY p.name, p.id LIMIT ${page.limit + 1}`,
      PatientRow,
    );
    return toPage(rows, page.limit, (p) => ({ key: '', id: p.id }));
  }

  /** The patient, or undefined when unknown or another clinic's. */
  find(tx: Tx, id: string): Promise<Patient | undefined> {
    return tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM scheduling.patients WHERE clinic_id = ${tx.clinicId} AND id = ${id}`,
      PatientRow,
    );
  }

  async require(tx: Tx, id: string): Promise<Patient> {
    const patient = await this.find(tx, id);
    if (!patient) throw patientNotFound();
    return patient;
  }

  insert(tx: Tx, input: PatientInput): Promise<Patient> {
    const { names, values } = definedFields(columnsOf(input), SETTABLE);
    return tx.one(
      sql`INSERT INTO scheduling.patients (${join([raw('id'), raw('clinic_id'), ...names])})
          VALUES (${join([randomUUID(), tx.clinicId, ...values])}) RETURNING ${COLUMNS}`,
      PatientRow,
    );
  }

  /** The changed patient, or undefined when there is none with this id. */
  async update(tx: Tx, id: string, changes: Partial<PatientInput>): Promise<Patient | undefined> {
    const set = assignments(columnsOf(changes), SETTABLE);
    if (set === null) return this.find(tx, id);
    return tx.maybeOne(
      sql`UPDATE scheduling.patients SET ${set}, version = version + 1, updated_at = now() WHERE clinic_id = ${tx.clinicId} AND id = ${id}
          RETURNING ${COLUMNS}`,
      PatientRow,
    );
  }
}

/** The national id is stored as its digits and its kind. */
function columnsOf(input: Partial<PatientInput>): Partial<PatientColumns> {
  const { nationalId, ...rest } = input;
  if (nationalId === undefined) return rest;
  return { ...rest, nationalId: nationalId?.value ?? null, nationalIdKind: nationalId?.kind ?? null };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
