import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { raw, sql, type Transaction, type Tx } from '@carebus/persistence';
import type { WrappedSek } from './sek-envelope';
import type { StoredKey } from './shared-key';

const COLUMNS =
  raw(`clinic_id AS "clinicId", key_id AS "keyId", kek_version AS "kekVersion", nonce, ciphertext,
  created_by AS "createdBy", created_at AS "createdAt", replaced_by AS "replacedBy", replaced_at AS "replacedAt",
  rewrapped_at AS "rewrappedAt", version`);

const KeyRow = z.object({
  clinicId: z.string(),
  keyId: z.string(),
  kekVersion: z.string(),
  nonce: z.instanceof(Buffer),
  ciphertext: z.instanceof(Buffer),
  createdBy: z.string(),
  createdAt: z.date(),
  replacedBy: z.string().nullable(),
  replacedAt: z.date().nullable(),
  rewrappedAt: z.date().nullable(),
  version: z.number(),
});

export type LockMode = 'none' | 'share' | 'update';

const LOCKS: Record<LockMode, string> = { none: '', share: ' FOR SHARE', update: ' FOR UPDATE' };

/** The clinic's wrapped key: one row per clinic in ehr_sync.shared_keys. */
@Injectable()
export class SharedKeysRepository {
  async find(tx: Tx, lock: LockMode): Promise<StoredKey | null> {
    const row = await tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM ehr_sync.shared_keys WHERE clinic_id = ${tx.clinicId}${raw(LOCKS[lock])}`,
      KeyRow,
      { prepared: true },
    );
    return row ?? null;
  }

  /** The current key id under a share lock: a replace waits until the caller's transaction ends. */
  async currentKeyId(tx: Tx): Promise<string | null> {
    const row = await tx.maybeOne(
      sql`SELECT key_id AS "keyId" FROM ehr_sync.shared_keys WHERE clinic_id = ${tx.clinicId} FOR SHARE`,
      z.object({ keyId: z.string() }),
      { prepared: true },
    );
    return row?.keyId ?? null;
  }

  async insert(tx: Tx, key: StoredKey): Promise<void> {
    await tx.execute(
      sql`INSERT INTO ehr_sync.shared_keys (clinic_id, key_id, kek_version, nonce, ciphertext, created_by, created_at, version)
          VALUES (${tx.clinicId}, ${key.keyId}, ${key.kekVersion}, ${key.nonce}, ${key.ciphertext},
                  ${key.createdBy}, ${key.createdAt}, ${key.version})`,
    );
  }

  /** Writes a replaced key; false when the row is no longer at `expectedVersion`. */
  async replace(tx: Tx, key: StoredKey, expectedVersion: number): Promise<boolean> {
    const changed = await tx.execute(
      sql`UPDATE ehr_sync.shared_keys SET key_id = ${key.keyId}, kek_version = ${key.kekVersion}, nonce = ${key.nonce},
            ciphertext = ${key.ciphertext}, replaced_by = ${key.replacedBy}, replaced_at = ${key.replacedAt},
            rewrapped_at = NULL, version = ${key.version}
          WHERE clinic_id = ${tx.clinicId} AND version = ${expectedVersion}`,
    );
    return changed === 1;
  }

  /** Writes a rewrap; false when the key changed since it was read (another replace or rewrap). */
  async rewrap(tx: Tx, from: StoredKey, kekVersion: string, wrapped: WrappedSek, at: Date): Promise<boolean> {
    const changed = await tx.execute(
      sql`UPDATE ehr_sync.shared_keys SET kek_version = ${kekVersion}, nonce = ${wrapped.nonce},
            ciphertext = ${wrapped.ciphertext}, rewrapped_at = ${at}
          WHERE clinic_id = ${tx.clinicId} AND version = ${from.version} AND key_id = ${from.keyId}
            AND kek_version = ${from.kekVersion}`,
    );
    return changed === 1;
  }

  /** Clinics (after `after`, in id order) whose key is wrapped by another version than `active`. */
  async clinicsToRewrap(
    tx: Transaction,
    active: string,
    after: string | null,
    limit: number,
  ): Promise<string[]> {
    const rows = await tx.rows(
      sql`SELECT clinic_id AS "clinicId" FROM ehr_sync.shared_keys_to_rewrap(${active}, ${after}::uuid, ${limit})`,
      z.object({ clinicId: z.string() }),
    );
    return rows.map((r) => r.clinicId);
  }

  /** How many keys each KEK version wraps, over every clinic. */
  async countByKekVersion(tx: Transaction): Promise<Record<string, number>> {
    const rows = await tx.rows(
      sql`SELECT kek_version AS "kekVersion", keys::int AS keys FROM ehr_sync.shared_keys_by_kek_version()`,
      z.object({ kekVersion: z.string(), keys: z.number() }),
    );
    return Object.fromEntries(rows.map((r) => [r.kekVersion, r.keys]));
  }
}
