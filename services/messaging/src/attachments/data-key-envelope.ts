import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { RingKey } from '@carebus/crypto';

/** A clinic's attachment data key as stored: wrapped under one KEK version, bound to its labels. */
export interface StoredDataKey {
  keyId: string;
  kekVersion: string;
  nonce: Buffer;
  ciphertext: Buffer;
}

const TAG_BYTES = 16;

function bindingOf(clinicId: string, keyId: string, kekVersion: string): Buffer {
  return Buffer.from(
    `carebus.messaging.data_key.v1|${clinicId.toLowerCase()}|${keyId.toLowerCase()}|${kekVersion}`,
  );
}

/** Wraps a 32-byte data key under `kek` (AES-256-GCM), bound to its clinic, key id and KEK version. */
export function wrapDataKey(kek: RingKey, clinicId: string, keyId: string, dataKey: Buffer): StoredDataKey {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek.key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(bindingOf(clinicId, keyId, kek.version));
  const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
  return { keyId, kekVersion: kek.version, nonce, ciphertext };
}

/** The data key, or undefined when the wrap does not verify (any label or byte changed, wrong KEK). */
export function unwrapDataKey(kek: RingKey, clinicId: string, stored: StoredDataKey): Buffer | undefined {
  if (
    stored.kekVersion !== kek.version ||
    stored.nonce.length !== 12 ||
    stored.ciphertext.length !== 32 + TAG_BYTES
  )
    return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek.key, stored.nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(bindingOf(clinicId, stored.keyId, stored.kekVersion));
    decipher.setAuthTag(stored.ciphertext.subarray(32));
    return Buffer.concat([decipher.update(stored.ciphertext.subarray(0, 32)), decipher.final()]);
  } catch {
    return undefined;
  }
}
