import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { raw, sql, type Transaction, type Tx } from '@carebus/persistence';
import { AGENT_KINDS, type AgentKindName } from '../devices/device';

const S = raw('device_registry');

export interface EnrolmentCode {
  id: string;
  clinicId: string;
  kind: AgentKindName;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

const CodeRow = z.object({
  id: z.string(),
  clinicId: z.string(),
  kind: z.enum(AGENT_KINDS),
  createdBy: z.string(),
  createdAt: z.date(),
  expiresAt: z.date(),
  usedAt: z.date().nullable(),
});

/** Enrolment codes by their SHA-256 hash (device_registry.enrolment_codes); the code itself is never stored. */
@Injectable()
export class EnrolmentCodesRepository {
  async insert(tx: Tx, c: EnrolmentCode, hash: Buffer): Promise<void> {
    await tx.execute(
      sql`INSERT INTO ${S}.enrolment_codes (id, clinic_id, code_hash, kind, created_by, created_at, expires_at)
          VALUES (${c.id}, ${tx.clinicId}, ${hash}, ${c.kind}, ${c.createdBy}, ${c.createdAt}, ${c.expiresAt})`,
    );
  }

  /** The clinic a code hash belongs to, whatever the clinic (owner-run function). */
  async clinicOf(tx: Transaction, hash: Buffer): Promise<string | null> {
    const row = await tx.maybeOne(
      sql`SELECT clinic_id AS "clinicId" FROM ${S}.enrolment_code_clinic(${hash})`,
      z.object({ clinicId: z.string() }),
    );
    return row?.clinicId ?? null;
  }

  async findLocked(tx: Tx, hash: Buffer): Promise<EnrolmentCode | null> {
    const row = await tx.maybeOne(
      sql`SELECT id, clinic_id AS "clinicId", kind, created_by AS "createdBy", created_at AS "createdAt",
                 expires_at AS "expiresAt", used_at AS "usedAt"
            FROM ${S}.enrolment_codes WHERE clinic_id = ${tx.clinicId} AND code_hash = ${hash} FOR UPDATE`,
      CodeRow,
    );
    return row ?? null;
  }

  async markUsed(tx: Tx, id: string, deviceId: string, at: Date): Promise<void> {
    await tx.execute(
      sql`UPDATE ${S}.enrolment_codes SET used_at = ${at}, device_id = ${deviceId}
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid`,
    );
  }
}
