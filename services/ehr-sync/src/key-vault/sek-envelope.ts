import { gcmOpen, gcmSeal, GCM_TAG_BYTES, type RingKey } from '@carebus/crypto';

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

/** The associated data of a wrap: every label of the record, so tampering with any of them is detected. */
function bindingOf(b: SekBinding): Buffer {
  return Buffer.from(
    `carebus.ehr_sync.sek.v1|${b.clinicId.toLowerCase()}|${b.keyId.toLowerCase()}|${b.kekVersion}`,
  );
}

/** Wraps a clinic's 32-byte SEK under `kek` (AES-256-GCM, random nonce). */
export function wrapSek(kek: RingKey, binding: SekBinding, sek: Buffer): WrappedSek {
  if (binding.kekVersion !== kek.version) throw new Error('wrapSek: the binding names another KEK version');
  return gcmSeal(kek.key, sek, bindingOf(binding));
}

/**
 * Unwraps a SEK; undefined when the tag does not verify (a changed ciphertext, nonce, key id, KEK
 * version or clinic, or the wrong KEK) — never a wrong key.
 */
export function unwrapSek(kek: RingKey, binding: SekBinding, wrapped: WrappedSek): Buffer | undefined {
  if (binding.kekVersion !== kek.version) return undefined;
  if (wrapped.ciphertext.length !== 32 + GCM_TAG_BYTES) return undefined;
  return gcmOpen(kek.key, wrapped, bindingOf(binding));
}
