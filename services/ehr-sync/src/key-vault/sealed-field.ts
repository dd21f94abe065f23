import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Where a sealed value lives, given by its owner: the purpose (e.g. `connection.credentials`) and
 * the record's id. Both are bound into the ciphertext, so a value copied to another record,
 * field or clinic does not open.
 */
export interface FieldContext {
  purpose: string;
  recordId: string;
}

const PREFIX = 'sek1';
const TAG_BYTES = 16;
const SEALED = /^sek1\.([0-9a-f-]{36})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;

function aadOf(clinicId: string, keyId: string, field: FieldContext): Buffer {
  return Buffer.from(
    JSON.stringify([
      'carebus.ehr_sync.field.v1',
      clinicId.toLowerCase(),
      keyId.toLowerCase(),
      field.purpose,
      field.recordId,
    ]),
  );
}

/** `sek1.<key id>.<nonce>.<ciphertext+tag>` (base64url): text, so it fits any column. */
export function sealField(
  sek: Buffer,
  clinicId: string,
  keyId: string,
  field: FieldContext,
  plaintext: string,
): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sek, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aadOf(clinicId, keyId, field));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${PREFIX}.${keyId.toLowerCase()}.${nonce.toString('base64url')}.${body.toString('base64url')}`;
}

/** The key id a sealed value was sealed under, or undefined when it is no sealed value. */
export function sealedKeyId(sealed: string): string | undefined {
  return SEALED.exec(sealed)?.[1];
}

/** Opens a sealed value; undefined when it is malformed or its tag does not verify. */
export function openField(
  sek: Buffer,
  clinicId: string,
  field: FieldContext,
  sealed: string,
): string | undefined {
  const match = SEALED.exec(sealed);
  if (!match) return undefined;
  const [, keyId, nonceText, bodyText] = match as unknown as [string, string, string, string];
  const body = Buffer.from(bodyText, 'base64url');
  if (body.length < TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sek, Buffer.from(nonceText, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(aadOf(clinicId, keyId, field));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return undefined;
  }
}
