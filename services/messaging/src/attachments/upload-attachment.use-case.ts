import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail, isDenial, refusalOutcome } from '@carebus/audit';
import { DomainError } from '@carebus/errors';
import { TenantScope, type Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import type { Attachment } from './attachment';
import { attachmentEntry, type AttachmentActor } from './attachment-access';
import {
  attachmentInvalid,
  attachmentTooLarge,
  attachmentTypeRefused,
  messageNotFound,
} from './attachment.errors';
import { CHUNK_BYTES, MAX_ATTACHMENT_BYTES } from './attachment-limits';
import { AttachmentKeyring } from './attachment-keyring';
import { AttachmentsRepository } from './attachments.repository';
import { bodyChunks } from './body-chunks';
import { ChunkCipher } from './chunk-cipher';
import { UploadSlots } from './upload-slots';
import { PlainTextCheck, sniffMediaType, SNIFF_BYTES, type MediaType } from './media-type';
import { ATTACHMENT_SETTINGS, type AttachmentSettings } from './attachment-settings';
import { ATTACHMENT_THREADS, type AttachmentThreads } from './attachment-threads';
import { AttachmentSinks } from '../threads/attachment-sinks';

export interface UploadAttachmentCommand extends AttachmentActor {
  threadId: string;
  messageId: string;
  /** The declared Content-Type, already one of MEDIA_TYPES (else refused before this). */
  declaredType: MediaType;
  fileName: string;
  /** The declared Content-Length, when the client sent one. */
  declaredLength: number | undefined;
  body: Readable;
}

/**
 * The author of a message attaches a file to it, streamed: each 256 KiB chunk is checked (size,
 * type from its bytes), hashed, sealed under the clinic's data key and inserted as it arrives, in
 * one transaction with the attachment row, the audit row and what the sinks do (the portal
 * gateway queues a file on an answer to a national-portal thread) — a refusal mid-stream rolls back
 * every chunk. A refusal other than a denial (413, 415, 400) is audited after the rollback.
 */
@Injectable()
export class UploadAttachmentUseCase {
  private readonly slots: UploadSlots;

  constructor(
    private readonly tenant: TenantScope,
    private readonly attachments: AttachmentsRepository,
    private readonly keyring: AttachmentKeyring,
    private readonly audit: AuditTrail,
    private readonly sinks: AttachmentSinks,
    @Inject(ATTACHMENT_THREADS) private readonly threads: AttachmentThreads,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ATTACHMENT_SETTINGS) settings: AttachmentSettings,
  ) {
    this.slots = new UploadSlots(settings.uploadSlots);
  }

  async execute(cmd: UploadAttachmentCommand): Promise<{ attachment: Attachment; fileName: string }> {
    try {
      if ((cmd.declaredLength ?? 0) > MAX_ATTACHMENT_BYTES) throw attachmentTooLarge();
      return await this.slots.run(() => this.tenant.withTenant(cmd.clinicId, (tx) => this.store(tx, cmd)));
    } catch (error) {
      if (error instanceof DomainError && !isDenial(error))
        await this.audit.recordOutcome(attachmentEntry(cmd, 'upload', null, refusalOutcome(error)));
      throw error;
    }
  }

  private async store(
    tx: Tx,
    cmd: UploadAttachmentCommand,
  ): Promise<{ attachment: Attachment; fileName: string }> {
    const thread = await this.threads.authoredBy(
      tx,
      cmd.clinicId,
      cmd.principal,
      cmd.threadId,
      cmd.messageId,
    );
    if (!thread) throw messageNotFound();
    const id = randomUUID();
    const { keyId, dataKey } = await this.keyring.forUpload(tx);
    const cipher = new ChunkCipher(dataKey, id);
    const hash = createHash('sha256');
    const text = cmd.declaredType === 'text/plain' ? new PlainTextCheck() : undefined;
    const place = { clinicId: tx.clinicId, attachmentId: id };
    let size = 0;
    let chunks = 0;
    // The previous chunk's insert runs while the next one streams in: one chunk in flight at most.
    let writing: Promise<void> | undefined;
    try {
      for await (const chunk of bodyChunks(cmd.body, CHUNK_BYTES, MAX_ATTACHMENT_BYTES)) {
        if (chunk.index === 0) {
          const detected = sniffMediaType(chunk.bytes.subarray(0, SNIFF_BYTES));
          if (detected !== cmd.declaredType)
            throw attachmentTypeRefused(detected === 'text/plain' ? null : detected);
        }
        if (text && !(text.push(chunk.bytes) && (!chunk.last || text.end())))
          throw attachmentTypeRefused(null);
        hash.update(chunk.bytes);
        size += chunk.bytes.length;
        chunks += 1;
        const sealed = cipher.seal({ ...place, index: chunk.index, last: chunk.last }, chunk.bytes);
        await writing;
        writing = this.attachments.insertChunk(tx, id, chunk.index, sealed);
      }
      await writing;
      if (size === 0) throw attachmentInvalid('body', 'An attachment holds at least one byte.');
      const attachment: Attachment = {
        id,
        threadId: cmd.threadId,
        messageId: cmd.messageId,
        uploadedBy: cmd.principal.subject,
        mediaType: cmd.declaredType,
        sealedFileName: cipher.seal({ ...place, index: 'name', last: false }, Buffer.from(cmd.fileName)),
        sizeBytes: size,
        sha256: hash.digest(),
        chunkCount: chunks,
        keyId,
        createdAt: this.clock.now(),
      };
      await this.attachments.insert(tx, attachment);
      await this.sinks.notify(tx, { attachmentId: id, threadId: cmd.threadId, messageId: cmd.messageId });
      await this.audit.record(tx, attachmentEntry(cmd, 'upload', id, 'allowed', thread.patientId));
      return { attachment, fileName: cmd.fileName };
    } finally {
      // On a refusal mid-stream the last insert may still be running: the rollback comes after it.
      await writing?.catch(() => undefined);
      cipher.destroy();
    }
  }
}
