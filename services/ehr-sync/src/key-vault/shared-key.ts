import type { WrappedSek } from './sek-envelope';

/** A clinic's wrapped shared encryption key as stored (the SEK itself is never stored in clear). */
export interface StoredKey extends WrappedSek {
  clinicId: string;
  keyId: string;
  kekVersion: string;
  createdBy: string;
  createdAt: Date;
  replacedBy: string | null;
  replacedAt: Date | null;
  rewrappedAt: Date | null;
  /** 1 when stored, one more with every replace; a KEK rewrap leaves it. */
  version: number;
}

/** What the vault tells about a key without revealing it. */
export type KeyFacts = Omit<StoredKey, 'nonce' | 'ciphertext'>;

export function factsOf(key: StoredKey): KeyFacts {
  const { nonce: _nonce, ciphertext: _ciphertext, ...facts } = key;
  return facts;
}
