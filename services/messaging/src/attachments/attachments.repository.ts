import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { raw, sql, type Tx } from '@carebus/persistence';
import type { Attachment } from './attachment';
import { MEDIA_TYPES } from './media-type';

const COLUMNS = raw(`id, thread_id AS "threadId", message_id AS "messageId", uploaded_by AS "uploadedBy",
  media_type AS "mediaType", file_name AS "sealedFileName", size_bytes AS "sizeBytes", sha256,
  chunk_count AS "chunkCount", key_id AS "keyId", created_at AS "createdAt"`);

const AttachmentRow = z.object({
  id: z.string(),
  threadId: z.string(),
  messageId: z.string(),
  uploadedBy: z.string(),
  mediaType: z.enum(MEDIA_TYPES),
  sealedFileName: z.instanceof(Buffer),
  sizeBytes: z.number(),
  sha256: z.instanceof(Buffer),
  chunkCount: z.number(),
  keyId: z.string(),
  createdAt: z.date(),
});

const ChunkRow = z.object({ idx: z.number(), sealed: z.instanceof(Buffer) });

/** Attachments and their sealed chunks (messaging.attachments, messaging.attachment_chunks). */
@Injectable()
export class AttachmentsRepository {
  /** One sealed chunk; the attachment row follows at the end of the upload (the key is deferred). */
  async insertChunk(tx: Tx, attachmentId: string, index: number, sealed: Buffer): Promise<void> {
    await tx.execute(
      sql`INSERT INTO messaging.attachment_chunks (attachment_id, idx, clinic_id, sealed)
          VALUES (${attachmentId}, ${index}, ${tx.clinicId}, ${sealed})`,
      { prepared: true },
    );
  }

  async insert(tx: Tx, a: Attachment): Promise<void> {
    await tx.execute(
      sql`INSERT INTO messaging.attachments (id, clinic_id, thread_id, message_id, uploaded_by, media_type,
            file_name, size_bytes, sha256, chunk_count, key_id, created_at)
          VALUES (${a.id}, ${tx.clinicId}, ${a.threadId}, ${a.messageId}, ${a.uploadedBy}, ${a.mediaType},
            ${a.sealedFileName}, ${a.sizeBytes}, ${a.sha256}, ${a.chunkCount}, ${a.keyId}, ${a.createdAt})`,
    );
  }

  find(tx: Tx, id: string): Promise<Attachment | undefined> {
    return tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM messaging.attachments WHERE clinic_id = ${tx.clinicId} AND id = ${id}`,
      AttachmentRow,
      { prepared: true },
    );
  }

  listForMessage(tx: Tx, messageId: string): Promise<Attachment[]> {
    return tx.rows(
      sql`SELECT ${COLUMNS} FROM messaging.attachments
           WHERE clinic_id = ${tx.clinicId} AND message_id = ${messageId} ORDER BY created_at, id`,
      AttachmentRow,
    );
  }

  /** The chunk at `index` (undefined when it is missing). */
  chunk(tx: Tx, attachmentId: string, index: number): Promise<{ idx: number; sealed: Buffer } | undefined> {
    return tx.maybeOne(
      sql`SELECT idx, sealed FROM messaging.attachment_chunks
           WHERE clinic_id = ${tx.clinicId} AND attachment_id = ${attachmentId} AND idx = ${index}`,
      ChunkRow,
      { prepared: true },
    );
  }

  /** How many chunks the attachment has: more or fewer than its row says is tampering. */
  async chunkCount(tx: Tx, attachmentId: string): Promise<number> {
    const row = await tx.one(
      sql`SELECT count(*)::int AS n FROM messaging.attachment_chunks
           WHERE clinic_id = ${tx.clinicId} AND attachment_id = ${attachmentId}`,
      z.object({ n: z.number() }),
      { prepared: true },
    );
    return row.n;
  }
}
