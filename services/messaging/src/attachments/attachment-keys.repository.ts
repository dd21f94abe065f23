import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';
import type { StoredDataKey } from './data-key-envelope';

const KeyRow = z.object({
  keyId: z.string(),
  kekVersion: z.string(),
  nonce: z.instanceof(Buffer),
  ciphertext: z.instanceof(Buffer),
});

/** Each clinic's wrapped attachment data key: one row per clinic in messaging.attachment_keys. */
@Injectable()
export class AttachmentKeysRepository {
  find(tx: Tx): Promise<StoredDataKey | undefined> {
    return tx.maybeOne(
      sql`SELECT key_id AS "keyId", kek_version AS "kekVersion", nonce, ciphertext
            FROM messaging.attachment_keys WHERE clinic_id = ${tx.clinicId}`,
      KeyRow,
      { prepared: true },
    );
  }

  /** Stores the clinic's first key; when another upload stored one first, answers that one. */
  async insertOrFind(tx: Tx, key: StoredDataKey, at: Date): Promise<StoredDataKey> {
    const inserted = await tx.execute(
      sql`INSERT INTO messaging.attachment_keys (clinic_id, key_id, kek_version, nonce, ciphertext, created_at)
          VALUES (${tx.clinicId}, ${key.keyId}, ${key.kekVersion}, ${key.nonce}, ${key.ciphertext}, ${at})
          ON CONFLICT (clinic_id) DO NOTHING`,
    );
    if (inserted === 1) return key;
    const stored = await this.find(tx);
    if (!stored) throw new Error('attachment key neither inserted nor found');
    return stored;
  }
}
