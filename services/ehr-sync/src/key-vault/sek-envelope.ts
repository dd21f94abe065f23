import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Kek } from './kek-ring';

/** What a wrapped key is bound to: moving it to another clinic or relabelling it breaks the tag. */
export interface SekBinding {
  clinicId: string;
  keyId: string;
  kekVersion: string;
}

/** A SEK wrapped by a KEK: the 96-bit nonce and the ciphertext with its 16-byte GCM tag appended. */
export interface WrappedSek {
  nonce: Buffer;
  ciphertext: Buffer;
}

const TAG_BYTES = 16;

/** The associated data of a wrap: every label of the record, so tampering with any of them is detected. */
function bindingOf(b: SekBinding): Buffer {
  return Buffer.from(
    `carebus.ehr_sync.sek.v1|${b.clinicId.toLowerCase()}|${b.keyId.toLowerCase()}|${b.kekVersion}`,
  );
}

/** Wraps a clinic's 32-byte SEK under `kek` (AES-256-GCM, random nonce). */
export function wrapSek(kek: Kek, binding: SekBinding, sek: Buffer): WrappedSek {
  if (binding.kekVersion !== kek.version) throw new Error('wrapSek: the binding names another KEK version');
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek.key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(bindingOf(binding));
  const ciphertext = Buffer.concat([cipher.update(sek), cipher.final(), cipher.getAuthTag()]);
  return { nonce, ciphertext };
}

/**
 * Unwraps a SEK; undefined when the tag does not verify (a changed ciphertext, nonce, key id, KEK
 * version or clinic, or the wrong KEK) — never a wrong key.
 */
export function unwrapSek(kek: Kek, binding: SekBinding, wrapped: WrappedSek): Buffer | undefined {
  if (binding.kekVersion !== kek.version || wrapped.nonce.length !== 12) return undefined;
  if (wrapped.ciphertext.length !== 32 + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek.key, wrapped.nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(bindingOf(binding));
    decipher.setAuthTag(wrapped.ciphertext.subarray(32));
    return Buffer.concat([decipher.update(wrapped.ciphertext.subarray(0, 32)), decipher.final()]);
  } catch {
    return undefined;
  }
}
