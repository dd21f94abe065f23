import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { empty, sql, toPage, type Page, type PageRequest, type Tx } from '@carebus/persistence';
import { assignments } from '../persistence/assignments';
import { practitionerNotFound } from '../scheduling.errors';
import { PROFESSIONS, type Practitioner, type PractitionerInput } from './practitioner';

const PractitionerRow = z
  .object({
    id: z.string(),
    name: z.string(),
    profession: z.enum(PROFESSIONS),
    active: z.boolean(),
    created_at: z.date(),
    version: z.coerce.number().int(),
    updated_at: z.date(),
  })
  .transform((r): Practitioner => ({
    id: r.id,
    name: r.name,
    profession: r.profession,
    active: r.active,
    createdAt: r.created_at,
    version: r.version,
    updatedAt: r.updated_at,
  }));

const COLUMNS = sql`id, name, profession, active, created_at, version, updated_at`;

@Injectable()
export class PractitionersRepository {
  async list(tx: Tx, page: PageRequest, active?: boolean): Promise<Page<Practitioner>> {
    const onlyActive = active === undefined ? empty : sql`AND active = ${active}`;
    const after = page.after ? sql`AND (name, id) > (${page.after.key}, ${page.after.id}::uuid)` : empty;
    const rows = await tx.rows(
      sql`SELECT ${COLUMNS} FROM scheduling.practitioners WHERE clinic_id = ${tx.clinicId} ${onlyActive} ${after}
          ORDER BY name, id LIMIT ${page.limit + 1}`,
      PractitionerRow,
    );
    return toPage(rows, page.limit, (p) => ({ key: p.name, id: p.id }));
  }

  /** The practitioner, or undefined when unknown or another clinic's. */
  find(tx: Tx, id: string): Promise<Practitioner | undefined> {
    return tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM scheduling.practitioners WHERE clinic_id = ${tx.clinicId} AND id = ${id}`,
      PractitionerRow,
    );
  }

  async require(tx: Tx, id: string): Promise<Practitioner> {
    const practitioner = await this.find(tx, id);
    if (!practitioner) throw practitionerNotFound();
    return practitioner;
  }

  insert(tx: Tx, input: Omit<PractitionerInput, 'active'>): Promise<Practitioner> {
    return tx.one(
      sql`INSERT INTO scheduling.practitioners (id, clinic_id, name, profession)
          VALUES (${randomUUID()}, ${tx.clinicId}, ${input.name}, ${input.profession})
          RETURNING ${COLUMNS}`,
      PractitionerRow,
    );
  }

  /** The changed practitioner, or undefined when there is none with this id. */
  async update(tx: Tx, id: string, changes: Partial<PractitionerInput>): Promise<Practitioner | undefined> {
    const set = assignments(changes, { name: 'name', profession: 'profession', active: 'active' });
    if (set === null) return this.find(tx, id);
    return tx.maybeOne(
      sql`UPDATE scheduling.practitioners SET ${set}, version = version + 1, updated_at = now() WHERE clinic_id = ${tx.clinicId} AND id = ${id}
          RETURNING ${COLUMNS}`,
      PractitionerRow,
    );
  }
}
