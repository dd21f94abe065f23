import { gcmOpen, gcmSeal } from './aes-gcm';
import { KeyRing, type RingVariables } from './key-ring';

/** The shape of proto `carebus.common.v1.SealedValue`, so a seal drops into an event payload. */
export interface SealedFields {
  keyVersion: string;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

/** Key purposes of sealed event fields, each a ring held only by the services that need it. */
export const SEAL_PURPOSES = {
  /** Patient name and national id on scheduling.patient.v1: scheduling and messaging. */
  patientIdentity: 'patient-identity',
  /** Journal notes on messaging.journal_entry.v1: messaging and ehr-sync. */
  journalNote: 'journal-note',
} as const;

export type SealPurpose = (typeof SEAL_PURPOSES)[keyof typeof SEAL_PURPOSES];

export type SealedValueErrorCode = 'crypto.sealed_value_unknown_version' | 'crypto.sealed_value_unopenable';

/** A sealed value that cannot be opened; the message names the purpose and version, never a key. */
export class SealedValueError extends Error {
  constructor(
    readonly code: SealedValueErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SealedValueError';
  }
}

/** `CAREBUS_<PURPOSE>_KEYS` and `CAREBUS_<PURPOSE>_KEY_ACTIVE`, e.g. CAREBUS_PATIENT_IDENTITY_KEYS. */
export function sealerVariables(purpose: string): RingVariables {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(purpose)) {
    throw new RangeError(`key purpose "${purpose}" must be lower-case words joined by hyphens`);
  }
  const stem = `CAREBUS_${purpose.toUpperCase().replace(/-/g, '_')}`;
  return { list: `${stem}_KEYS`, active: `${stem}_KEY_ACTIVE` };
}

/**
 * Seals and opens one kind of event field (AES-256-GCM, random nonce) under the key ring of its
 * purpose. The associated data names where the value belongs (topic, clinic, entity), so a sealed
 * value copied elsewhere does not open.
 */
export class FieldSealer {
  private constructor(
    readonly purpose: string,
    private readonly ring: KeyRing,
  ) {}

  /** Reads the purpose's two variables; throws naming the variable that is missing or wrong. */
  static fromEnv(purpose: SealPurpose | string, env: NodeJS.ProcessEnv = process.env): FieldSealer {
    const names = sealerVariables(purpose);
    const list = env[names.list];
    if (list === undefined || list.trim() === '') throw new Error(`${names.list} is not set`);
    const active = env[names.active]?.trim() || undefined;
    try {
      return new FieldSealer(purpose, KeyRing.parse(list, active, names));
    } catch (error) {
      throw new Error(`${names.list}: ${(error as Error).message}`);
    }
  }

  /** A sealer over an already parsed ring (tests, tools). */
  static of(purpose: string, ring: KeyRing): FieldSealer {
    return new FieldSealer(purpose, ring);
  }

  /** The version new seals use. */
  get activeVersion(): string {
    return this.ring.active.version;
  }

  seal(plaintext: Uint8Array, associatedData: string): SealedFields {
    const { nonce, ciphertext } = gcmSeal(this.ring.active.key, plaintext, Buffer.from(associatedData));
    return { keyVersion: this.ring.active.version, nonce, ciphertext };
  }

  /** The plaintext; throws `SealedValueError` for an unknown key version or a failed tag. */
  open(sealed: SealedFields, associatedData: string): Uint8Array {
    const key = this.ring.get(sealed.keyVersion);
    if (!key) {
      throw new SealedValueError(
        'crypto.sealed_value_unknown_version',
        `no ${this.purpose} key of version "${safeLabel(sealed.keyVersion)}" is configured`,
      );
    }
    const nonce = Buffer.from(sealed.nonce);
    const ciphertext = Buffer.from(sealed.ciphertext);
    const plaintext = gcmOpen(key.key, { nonce, ciphertext }, Buffer.from(associatedData));
    if (!plaintext) {
      throw new SealedValueError(
        'crypto.sealed_value_unopenable',
        `a ${this.purpose} value does not open: changed, moved to another entity, or sealed under another key`,
      );
    }
    return plaintext;
  }
}

/** A version label from outside is quoted only when it looks like one. */
function safeLabel(version: string): string {
  return /^[A-Za-z0-9_-]{1,32}$/.test(version) ? version : '(malformed)';
}
