import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '@carebus/errors';
import { type Page, type PageRequest } from '../persistence/keyset-page';
import { translateConstraint } from '../shared/database-errors';
import { PractitionersRepository } from '../practitioners/practitioners.repository';
import { toPage } from '../shared/cursor';
import type { NationalId } from './national-id';
import { Patient } from './patient.entity';

export const PATIENT_NOT_FOUND = 'scheduling.patient_not_found';
export const PATIENT_EXISTS = 'scheduling.patient_exists';

export interface PatientInput {
  name: string;
  nationalId: NationalId | null;
  phone: string | null;
  email: string | null;
  hasGuardian: boolean;
  listedPractitionerId: string | null;
}

/**
 * Patient rows. Every method runs in the caller's tenant transaction, so the audit record of the
 * access commits with it (see PatientRecords).
 */
@Injectable()
export class PatientsRepository {
  constructor(private readonly practitioners: PractitionersRepository) {}

  /** Sorted by name; the cursor carries only the last id, so no name ends up in a URL. */
  async list(
    manager: EntityManager,
    clinicId: string,
    namePrefix: string | undefined,
    page: PageRequest,
  ): Promise<Page<Patient>> {
    const query = manager
      .createQueryBuilder(Patient, 'p')
      .where('p.clinic_id = :clinicId', { clinicId })
      .orderBy('p.name')
      .addOrderBy('p.id')
      .limit(page.limit + 1);
    if (namePrefix)
      query.andWhere(`lower(p.name) LIKE :prefix ESCAPE '\\'`, {
        prefix: `${escapeLike(namePrefix.toLowerCase())}%`,
      });
    if (page.after) {
      query.andWhere(
        '(p.name, p.id) > (SELECT c.name, c.id FROM scheduling.patients c WHERE c.clinic_id = :clinicId AND c.id = :afterId)',
        { afterId: page.after.id },
      );
    }
    return toPage(await query.getMany(), page.limit, (p) => ({ key: '', id: p.id }));
  }

  /** For booking and reads: the patient, or null when unknown or another clinic's. */
  async findById(manager: EntityManager, clinicId: string, id: string): Promise<Patient | null> {
    return manager.findOne(Patient, { where: { id, clinicId } });
  }

  async require(manager: EntityManager, clinicId: string, id: string): Promise<Patient> {
    const patient = await this.findById(manager, clinicId, id);
    if (!patient) throw new NotFoundError(PATIENT_NOT_FOUND, 'No such patient.');
    return patient;
  }

  /** 409 scheduling.patient_exists when the clinic has a patient with this national id. */
  async insert(manager: EntityManager, clinicId: string, input: PatientInput): Promise<Patient> {
    if (input.listedPractitionerId) {
      await this.practitioners.requireReferenced(manager, clinicId, input.listedPractitionerId);
    }
    const id = randomUUID();
    await translateDuplicate(() => manager.insert(Patient, { ...columnsOf(input), id, clinicId }));
    return this.require(manager, clinicId, id);
  }

  async update(
    manager: EntityManager,
    clinicId: string,
    id: string,
    changes: Partial<PatientInput>,
  ): Promise<Patient> {
    const patient = await this.require(manager, clinicId, id);
    if (changes.listedPractitionerId) {
      await this.practitioners.requireReferenced(manager, clinicId, changes.listedPractitionerId);
    }
    const columns = columnsOf(changes);
    if (Object.keys(columns).length > 0) {
      await translateDuplicate(() => manager.update(Patient, { id, clinicId }, columns));
    }
    return Object.assign(patient, columns);
  }
}

function columnsOf(input: Partial<PatientInput>): Partial<Patient> {
  const { nationalId, ...rest } = input;
  if (nationalId === undefined) return rest;
  return { ...rest, nationalId: nationalId?.value ?? null, nationalIdKind: nationalId?.kind ?? null };
}

async function translateDuplicate(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    translateConstraint(error, {
      patients_clinic_id_national_id_key: () =>
        new ConflictError(
          PATIENT_EXISTS,
          'The clinic already has a patient with this national identity number.',
        ),
    });
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
