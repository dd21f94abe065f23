import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';

export const UNIT_KINDS = ['position', 'group', 'role', 'unit'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface OrgUnit {
  id: string;
  kind: UnitKind;
  name: string;
  wholeClinic: boolean;
  createdAt: Date;
}

const UnitRow = z.object({
  id: z.string(),
  kind: z.enum(UNIT_KINDS),
  name: z.string(),
  wholeClinic: z.boolean(),
  createdAt: z.date(),
});

const COLUMNS = sql`id, kind, name, whole_clinic AS "wholeClinic", created_at AS "createdAt"`;

/** The whole clinic's unit is named so until an admin renames it. */
export const WHOLE_CLINIC_NAME = 'Whole clinic';

/** Positions, groups, roles and organisation units of a clinic, and their members (staff token subjects). */
@Injectable()
export class OrgUnitsRepository {
  async insert(tx: Tx, unit: OrgUnit): Promise<void> {
    await tx.execute(
      sql`INSERT INTO messaging.org_units (clinic_id, id, kind, name, whole_clinic, created_at)
          VALUES (${tx.clinicId}, ${unit.id}, ${unit.kind}, ${unit.name}, ${unit.wholeClinic}, ${unit.createdAt})`,
    );
  }

  async find(tx: Tx, id: string): Promise<OrgUnit | null> {
    return (
      (await tx.maybeOne(
        sql`SELECT ${COLUMNS} FROM messaging.org_units WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid`,
        UnitRow,
      )) ?? null
    );
  }

  async list(tx: Tx): Promise<OrgUnit[]> {
    return tx.rows(
      sql`SELECT ${COLUMNS} FROM messaging.org_units WHERE clinic_id = ${tx.clinicId} ORDER BY kind, name`,
      UnitRow,
    );
  }

  /** The unit that stands for the whole clinic, created on first use. */
  async wholeClinic(tx: Tx, at: Date): Promise<OrgUnit> {
    await tx.execute(
      sql`INSERT INTO messaging.org_units (clinic_id, id, kind, name, whole_clinic, created_at)
          VALUES (${tx.clinicId}, ${randomUUID()}, 'unit', ${WHOLE_CLINIC_NAME}, true, ${at})
          ON CONFLICT DO NOTHING`,
      { prepared: true },
    );
    return tx.one(
      sql`SELECT ${COLUMNS} FROM messaging.org_units WHERE clinic_id = ${tx.clinicId} AND whole_clinic`,
      UnitRow,
      { prepared: true },
    );
  }

  async addMember(tx: Tx, unitId: string, subject: string, at: Date): Promise<boolean> {
    const added = await tx.execute(
      sql`INSERT INTO messaging.org_members (clinic_id, unit_id, subject, added_at)
          VALUES (${tx.clinicId}, ${unitId}::uuid, ${subject}, ${at}) ON CONFLICT DO NOTHING`,
    );
    return added === 1;
  }

  async removeMember(tx: Tx, unitId: string, subject: string): Promise<boolean> {
    const removed = await tx.execute(
      sql`DELETE FROM messaging.org_members WHERE clinic_id = ${tx.clinicId} AND unit_id = ${unitId}::uuid AND subject = ${subject}`,
    );
    return removed === 1;
  }

  async members(tx: Tx, unitId: string): Promise<string[]> {
    const rows = await tx.rows(
      sql`SELECT subject FROM messaging.org_members WHERE clinic_id = ${tx.clinicId} AND unit_id = ${unitId}::uuid ORDER BY subject`,
      z.object({ subject: z.string() }),
    );
    return rows.map((r) => r.subject);
  }
}
