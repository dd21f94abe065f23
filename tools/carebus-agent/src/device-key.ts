import { createPublicKey, generateKeyPairSync, type KeyObject, createPrivateKey } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';

/** The agent's own Ed25519 key pair; the private half never leaves the state directory. */
export interface DeviceKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateDeviceKey(): DeviceKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey };
}

/** Writes the private key as PKCS#8 PEM readable by the owner only (mode 0600). */
export function saveDeviceKey(path: string, key: DeviceKey): void {
  writeFileSync(path, key.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  // The umask may have narrowed the mode further but never widens it; make it exact.
  chmodSync(path, 0o600);
}

export function loadDeviceKey(path: string): DeviceKey {
  const privateKey = createPrivateKey(readFileSync(path));
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${path} is not an Ed25519 private key`);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** The public key as base64 of its DER SubjectPublicKeyInfo, the form enrolment sends. */
export function publicKeySpkiBase64(key: DeviceKey): string {
  return key.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
}
