import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { nationalIdSealInvalid } from '../messaging.errors';
import { CONSENT_SETTINGS, type ConsentSettings } from './consent-settings';

const PREFIX = 'nid1';

/**
 * National identity numbers at rest: sealed with AES-256-GCM bound to the clinic and patient
 * (`nid1.<iv>.<ciphertext+tag>`), and a keyed lookup hash per clinic so the portal's pushes (which
 * name the number) find the patient without the number being stored or compared in clear.
 * Both keys are derived from MESSAGING_NATIONAL_ID_KEY.
 */
@Injectable()
export class NationalIdCipher {
  private readonly sealKey: Buffer;
  private readonly lookupKey: Buffer;

  constructor(@Inject(CONSENT_SETTINGS) settings: ConsentSettings) {
    const master = Buffer.from(settings.nationalIdKey, 'base64');
    this.sealKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'carebus national id seal', 32));
    this.lookupKey = Buffer.from(
      hkdfSync('sha256', master, Buffer.alloc(0), 'carebus national id lookup', 32),
    );
  }

  seal(clinicId: string, patientId: string, nationalId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    cipher.setAAD(Buffer.from(`${clinicId}|${patientId}`));
    const body = Buffer.concat([cipher.update(nationalId, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  open(clinicId: string, patientId: string, sealed: string): string {
    const [prefix, iv, body] = sealed.split('.');
    if (prefix !== PREFIX || !iv || !body) throw nationalIdSealInvalid();
    try {
      const bytes = Buffer.from(body, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.sealKey, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(`${clinicId}|${patientId}`));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([
        decipher.update(bytes.subarray(0, bytes.length - 16)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw nationalIdSealInvalid();
    }
  }

  lookup(clinicId: string, nationalId: string): string {
    return createHmac('sha256', this.lookupKey)
      .update(`${clinicId}|${nationalId.trim()}`)
      .digest('base64url');
  }
}
