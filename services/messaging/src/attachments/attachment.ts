import type { MediaType } from './media-type';

/** An attachment's facts as stored; its bytes and file name stay sealed in the database. */
export interface Attachment {
  id: string;
  threadId: string;
  messageId: string;
  uploadedBy: string;
  mediaType: MediaType;
  /** nonce ‖ ciphertext ‖ tag of the file name (patient data: never in clear at rest or in logs). */
  sealedFileName: Buffer;
  sizeBytes: number;
  sha256: Buffer;
  chunkCount: number;
  keyId: string;
  createdAt: Date;
}
