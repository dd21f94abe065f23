import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

export const DEV_SIGNING_ALG = 'RS256';

/** The dev issuer's RS256 key pair; `kid` is the JWK thumbprint, so it is stable across restarts. */
export interface DevSigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: JWK;
}

async function fromPrivateKey(privateKey: KeyObject): Promise<DevSigningKey> {
  const publicJwk = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, privateKey, publicJwk: { ...publicJwk, kid, alg: DEV_SIGNING_ALG, use: 'sig' } };
}

export async function generateSigningKey(): Promise<DevSigningKey> {
  const { privateKey } = await generateKeyPair<KeyObject>(DEV_SIGNING_ALG, { extractable: true });
  return fromPrivateKey(privateKey);
}

async function readSigningKey(file: string, text: string): Promise<DevSigningKey> {
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch {
    throw new Error(`Dev issuer key file ${file} is not JSON; delete it to create a new key.`);
  }
  if (jwk.kty !== 'RSA' || typeof jwk.d !== 'string') {
    throw new Error(
      `Dev issuer key file ${file} does not hold an RSA private JWK; delete it to create a new key.`,
    );
  }
  return fromPrivateKey((await importJWK(jwk, DEV_SIGNING_ALG)) as KeyObject);
}

/**
 * Loads the key from `file`, or creates and stores one there. The new file appears atomically
 * (written aside, then hard-linked, which fails if it exists), so a `serve` and a `mint` started
 * together agree on one key and never read a half-written file.
 */
export async function loadOrCreateSigningKey(file: string): Promise<DevSigningKey> {
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing !== undefined) return readSigningKey(file, existing);

  const key = await generateSigningKey();
  const privateJwk = { ...(await exportJWK(key.privateKey)), kid: key.kid, alg: DEV_SIGNING_ALG };
  await mkdir(dirname(file), { recursive: true });
  const draft = `${file}.${randomUUID()}.tmp`;
  await writeFile(draft, JSON.stringify(privateJwk, null, 2) + '\n', { mode: 0o600 });
  try {
    await link(draft, file);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readSigningKey(file, await readFile(file, 'utf8'));
  } finally {
    await rm(draft, { force: true });
  }
}
