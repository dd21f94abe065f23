import { createPublicKey, type KeyObject } from 'node:crypto';
import { invalidPublicKey } from '../device-registry.errors';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * The raw 32 bytes of an agent's Ed25519 public key, from base64 (standard or URL-safe, padding
 * optional) of its SPKI DER or of the raw key; anything else is `devices.invalid_public_key`.
 */
export function parsePublicKey(text: string | undefined): Buffer {
  const trimmed = (text ?? '').trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) || trimmed.length > 200) throw invalidPublicKey();
  const bytes = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  let raw: Buffer;
  if (bytes.length === 32) raw = bytes;
  else if (bytes.length === 44 && bytes.subarray(0, 12).equals(ED25519_SPKI_PREFIX)) raw = bytes.subarray(12);
  else throw invalidPublicKey();
  try {
    publicKeyObject(raw);
  } catch {
    throw invalidPublicKey();
  }
  return Buffer.from(raw);
}

/** The node KeyObject of a stored raw Ed25519 public key. */
export function publicKeyObject(raw: Buffer): KeyObject {
  const key = createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, raw]),
    format: 'der',
    type: 'spki',
  });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  return key;
}
