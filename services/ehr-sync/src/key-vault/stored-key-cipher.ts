import { kekVersionUnknown, keyIntegrityFailed } from '../ehr-sync.errors';
import type { KeyRing } from '@carebus/crypto';
import { unwrapSek, wrapSek, type WrappedSek } from './sek-envelope';
import type { StoredKey } from './shared-key';

/**
 * The clinic's SEK out of its stored row: 422 `ehrsync.kek_version_unknown` when its KEK version
 * is not configured, `ehrsync.key_integrity_failed` when the wrap does not verify. Never a wrong key.
 */
export function unwrapStored(keks: KeyRing, key: StoredKey): Buffer {
  const kek = keks.get(key.kekVersion);
  if (!kek) throw kekVersionUnknown();
  const sek = unwrapSek(kek, key, key);
  if (!sek) throw keyIntegrityFailed();
  return sek;
}

/** A SEK wrapped under the active KEK, bound to its clinic and key id. */
export function wrapActive(
  keks: KeyRing,
  clinicId: string,
  keyId: string,
  sek: Buffer,
): WrappedSek & { kekVersion: string } {
  const kekVersion = keks.active.version;
  return { kekVersion, ...wrapSek(keks.active, { clinicId, keyId, kekVersion }, sek) };
}
