import { KeyRing } from '@carebus/crypto';
import { KEK_VARIABLES, type MessagingConfig } from '../service';

/** The parts of the config attachments read (tests may tune them). */
export interface AttachmentSettings {
  keks: KeyRing;
  /** How long a replica keeps a clinic's unwrapped data key in memory (ms). */
  keyCacheMs: number;
  /** Uploads streaming into the database at once. */
  uploadSlots: number;
}

export const ATTACHMENT_SETTINGS = Symbol('AttachmentSettings');

export function attachmentSettingsOf(config: MessagingConfig): AttachmentSettings {
  return {
    keks: KeyRing.parse(config.MESSAGING_KEKS, config.MESSAGING_KEK_ACTIVE, KEK_VARIABLES),
    keyCacheMs: config.MESSAGING_KEY_CACHE_MS,
    uploadSlots: config.MESSAGING_UPLOAD_SLOTS,
  };
}
