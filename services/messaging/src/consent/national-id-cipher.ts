import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { nationalIdSealInvalid } from '../messaging.errors';
import { CONSENT_SETTINGS, type ConsentSettings } from './consent-settings';
import { NATIONAL_ID_KEY_DEPRECATION } from './national-id-keys';

/** Sealed under a named version of the ring: `nid2.<version>.<iv>.<ciphertext+tag>`. */
const VERSIONED = 'nid2';
/** Sealed before the ring (one key, no version): `nid1.<iv>.<ciphertext+tag>`; opens with whichever version is that key. */
const LEGACY = 'nid1';

interface DerivedKeys {
  seal: Buffer;
  lookup: Buffer;
}

/**
 * National identity numbers at rest: sealed with AES-256-GCM bound to the clinic and patient
 * under the active version of MESSAGING_NATIONAL_ID_KEYS, and a keyed lookup hash per clinic so
 * the portal's pushes (which name the number) find the patient without the number being stored or
 * compared in clear. Each version's seal and lookup keys are derived from its key as the single
 * key's were, so the old key listed as a version opens what it sealed and matches its hashes.
 * A lookup tries every version: a row keeps the hash of the version that sealed it until its
 * number is recorded anew.
 */
@Injectable()
export class NationalIdCipher implements OnApplicationBootstrap {
  private readonly keys = new Map<string, DerivedKeys>();
  private readonly active: string;

  constructor(@Inject(CONSENT_SETTINGS) private readonly settings: ConsentSettings) {
    const ring = settings.nationalIdKeys;
    for (const version of ring.versions) this.keys.set(version, derive(ring.get(version)!.key));
    this.active = ring.active.version;
  }

  onApplicationBootstrap(): void {
    if (this.settings.nationalIdKeyDeprecated)
      new Logger('NationalIdCipher').warn(NATIONAL_ID_KEY_DEPRECATION);
  }

  seal(clinicId: string, patientId: string, nationalId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.active)!.seal, iv);
    cipher.setAAD(Buffer.from(`${clinicId}|${patientId}`));
    const body = Buffer.concat([cipher.update(nationalId, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSIONED}.${this.active}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  open(clinicId: string, patientId: string, sealed: string): string {
    const parts = sealed.split('.');
    const aad = Buffer.from(`${clinicId}|${patientId}`);
    if (parts[0] === VERSIONED && parts.length === 4) {
      const keys = this.keys.get(parts[1]!);
      const opened = keys ? gcmOpen(keys.seal, parts[2]!, parts[3]!, aad) : undefined;
      if (opened !== undefined) return opened;
    } else if (parts[0] === LEGACY && parts.length === 3) {
      for (const keys of this.keys.values()) {
        const opened = gcmOpen(keys.seal, parts[1]!, parts[2]!, aad);
        if (opened !== undefined) return opened;
      }
    }
    throw nationalIdSealInvalid();
  }

  /**
   * The hashes a stored row may hold for the number, one per version; the first (the active
   * version's) is the one stored beside a number sealed now.
   */
  lookups(clinicId: string, nationalId: string): string[] {
    const others = [...this.keys.keys()].filter((v) => v !== this.active);
    return [this.active, ...others].map((v) => hash(this.keys.get(v)!.lookup, clinicId, nationalId));
  }
}

function derive(master: Buffer): DerivedKeys {
  const key = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  return { seal: key('carebus national id seal'), lookup: key('carebus national id lookup') };
}

function hash(key: Buffer, clinicId: string, nationalId: string): string {
  return createHmac('sha256', key).update(`${clinicId}|${nationalId.trim()}`).digest('base64url');
}

/** The clear text, or undefined when the key, the associated data or the bytes do not match. */
function gcmOpen(key: Buffer, iv: string, body: string, aad: Buffer): string | undefined {
  try {
    const bytes = Buffer.from(body, 'base64url');
    if (bytes.length < 16) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(aad);
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}
