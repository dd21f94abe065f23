import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Where a sealed piece belongs: moving it to another clinic, attachment or position breaks its tag. */
export interface ChunkPlace {
  clinicId: string;
  attachmentId: string;
  /** The chunk's index from 0, or 'name' for the sealed file name. */
  index: number | 'name';
  /** The attachment's last chunk: a stream cut short (chunks deleted at the end) is detected. */
  last: boolean;
}

/**
 * AES-256-GCM for one attachment's chunks under a key of its own, derived (HKDF-SHA256) from the
 * clinic's data key and the attachment id, so random nonces never come near their limit however
 * many chunks a clinic stores. A sealed piece is nonce ‖ ciphertext ‖ tag; its place is the
 * associated data, so chunks cannot be reordered, swapped between attachments or clinics, or cut.
 */
export class ChunkCipher {
  private readonly key: Buffer;

  constructor(dataKey: Buffer, attachmentId: string) {
    this.key = Buffer.from(
      hkdfSync(
        'sha256',
        dataKey,
        Buffer.from(attachmentId.toLowerCase()),
        'carebus.messaging.attachment.v1',
        32,
      ),
    );
  }

  seal(place: ChunkPlace, plain: Buffer): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(placeOf(place));
    return Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  }

  /** The plain bytes, or undefined when the piece does not verify for this place — never wrong bytes. */
  open(place: ChunkPlace, sealed: Buffer): Buffer | undefined {
    if (sealed.length < NONCE_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, NONCE_BYTES), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(placeOf(place));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      return undefined;
    }
  }

  /** Overwrites the derived key (after the last chunk). */
  destroy(): void {
    this.key.fill(0);
  }
}

function placeOf(p: ChunkPlace): Buffer {
  return Buffer.from(
    `carebus.messaging.attachment_chunk.v1|${p.clinicId.toLowerCase()}|${p.attachmentId.toLowerCase()}|${p.index}|${p.last ? 1 : 0}`,
  );
}
