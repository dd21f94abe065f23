import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** An AES-256-GCM seal: the 96-bit nonce and the ciphertext with its 16-byte tag appended. */
export interface GcmSealed {
  nonce: Buffer;
  ciphertext: Buffer;
}

export const GCM_NONCE_BYTES = 12;
export const GCM_TAG_BYTES = 16;

/** Seals `plaintext` under a 32-byte key with a random nonce, bound to `associatedData`. */
export function gcmSeal(key: Buffer, plaintext: Uint8Array, associatedData: Uint8Array): GcmSealed {
  const nonce = randomBytes(GCM_NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(associatedData);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { nonce, ciphertext };
}

/**
 * Opens a seal; undefined when the tag does not verify (a changed ciphertext, nonce or associated
 * data, or the wrong key), never wrong plaintext.
 */
export function gcmOpen(key: Buffer, sealed: GcmSealed, associatedData: Uint8Array): Buffer | undefined {
  if (sealed.nonce.length !== GCM_NONCE_BYTES || sealed.ciphertext.length < GCM_TAG_BYTES) return undefined;
  const bodyLength = sealed.ciphertext.length - GCM_TAG_BYTES;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce, { authTagLength: GCM_TAG_BYTES });
    decipher.setAAD(associatedData);
    decipher.setAuthTag(sealed.ciphertext.subarray(bodyLength));
    return Buffer.concat([decipher.update(sealed.ciphertext.subarray(0, bodyLength)), decipher.final()]);
  } catch {
    return undefined;
  }
}
