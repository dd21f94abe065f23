import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'dr1.';

/** What a sealed value is bound to: opening it for another command, clinic or purpose fails. */
export interface SealBinding {
  purpose: 'command.request' | 'command.result';
  clinicId: string;
  commandId: string;
}

const aad = (b: SealBinding) => Buffer.from(`${b.purpose}:${b.clinicId}:${b.commandId}`);

/**
 * Seals command requests and results at rest: AES-256-GCM under the service's seal key, a fresh
 * 12-byte nonce per value, bound to its command (`dr1.<base64url(nonce | ciphertext | tag)>`).
 */
export class PayloadSeal {
  private readonly key: Buffer;

  constructor(keyBase64: string) {
    this.key = Buffer.from(keyBase64, 'base64');
    if (this.key.length !== 32) throw new Error('the seal key must be 32 bytes');
  }

  seal(binding: SealBinding, value: unknown): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(aad(binding));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
  }

  open<T>(binding: SealBinding, sealed: string): T {
    if (!sealed.startsWith(PREFIX)) throw new Error('not a sealed value');
    const bytes = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
    decipher.setAAD(aad(binding));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const text = Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
    return JSON.parse(text.toString('utf8')) as T;
  }
}
