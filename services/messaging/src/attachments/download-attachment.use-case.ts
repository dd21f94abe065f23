import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { DomainError } from '@carebus/errors';
import { TenantScope, type Tx } from '@carebus/persistence';
import type { Attachment } from './attachment';
import { attachmentEntry, type AttachmentActor } from './attachment-access';
import { ATTACHMENT_ERROR_CODES, attachmentIntegrityFailed, attachmentNotFound } from './attachment.errors';
import { AttachmentKeyring } from './attachment-keyring';
import { AttachmentsRepository } from './attachments.repository';
import { ChunkCipher } from './chunk-cipher';
import { ATTACHMENT_THREADS, type AttachmentThreads } from './attachment-threads';

/** An attachment a participant may read: its facts, its file name in clear, and its bytes to stream. */
export interface OpenedAttachment {
  attachment: Attachment;
  fileName: string;
  /** The plain bytes, chunk by chunk, each read and verified in its own short transaction. */
  chunks(): AsyncGenerator<Buffer>;
}

const FAILURES: readonly string[] = [
  ATTACHMENT_ERROR_CODES.integrityFailed,
  ATTACHMENT_ERROR_CODES.keyUnavailable,
];

/**
 * A participant of the thread downloads an attachment. Before the first byte leaves, every chunk
 * is read and verified (count, order, tags), so a chunk changed in the database is answered 422
 * and audited as failed instead of sending part of a file; then the bytes stream chunk by chunk,
 * verified again, and a chunk changed in between ends the response early — never wrong bytes.
 * Another clinic's attachment, or one of a thread the caller is not part of, is 404 (audited at
 * the edge as denied).
 */
@Injectable()
export class DownloadAttachmentUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly attachments: AttachmentsRepository,
    private readonly keyring: AttachmentKeyring,
    private readonly audit: AuditTrail,
    @Inject(ATTACHMENT_THREADS) private readonly threads: AttachmentThreads,
  ) {}

  async execute(actor: AttachmentActor, attachmentId: string): Promise<OpenedAttachment> {
    try {
      return await this.tenant.withTenant(actor.clinicId, async (tx) => {
        const attachment = await this.attachments.find(tx, attachmentId);
        const thread =
          attachment &&
          (await this.threads.readable(tx, actor.clinicId, actor.principal, attachment.threadId));
        if (!attachment || !thread) throw attachmentNotFound();
        const cipher = new ChunkCipher(await this.keyring.forRead(tx, attachment.keyId), attachment.id);
        try {
          const name = cipher.open(placeOf(tx.clinicId, attachment, 'name'), attachment.sealedFileName);
          if (!name) throw attachmentIntegrityFailed();
          await this.verify(tx, cipher, attachment);
          await this.audit.record(
            tx,
            attachmentEntry(actor, 'download', attachment.id, 'allowed', thread.patientId),
          );
          return {
            attachment,
            fileName: name.toString(),
            chunks: () => this.stream(actor.clinicId, attachment),
          };
        } finally {
          cipher.destroy();
        }
      });
    } catch (error) {
      if (error instanceof DomainError && FAILURES.includes(error.code))
        await this.audit.recordOutcome(attachmentEntry(actor, 'download', attachmentId, 'failed'));
      throw error;
    }
  }

  /** Every chunk there, in order, opening under its place; and no chunk more. */
  private async verify(tx: Tx, cipher: ChunkCipher, a: Attachment): Promise<void> {
    if ((await this.attachments.chunkCount(tx, a.id)) !== a.chunkCount) throw attachmentIntegrityFailed();
    let size = 0;
    for (let index = 0; index < a.chunkCount; index++) {
      const chunk = await this.attachments.chunk(tx, a.id, index);
      const plain = chunk && cipher.open(placeOf(tx.clinicId, a, index), chunk.sealed);
      if (!plain) throw attachmentIntegrityFailed();
      size += plain.length;
    }
    if (size !== a.sizeBytes) throw attachmentIntegrityFailed();
  }

  private async *stream(clinicId: string, a: Attachment): AsyncGenerator<Buffer> {
    for (let index = 0; index < a.chunkCount; index++) {
      yield await this.tenant.withTenant(clinicId, async (tx) => {
        const cipher = new ChunkCipher(await this.keyring.forRead(tx, a.keyId), a.id);
        try {
          const chunk = await this.attachments.chunk(tx, a.id, index);
          const plain = chunk && cipher.open(placeOf(clinicId, a, index), chunk.sealed);
          if (!plain) throw attachmentIntegrityFailed();
          return plain;
        } finally {
          cipher.destroy();
        }
      });
    }
  }
}

function placeOf(clinicId: string, a: Attachment, index: number | 'name') {
  return { clinicId, attachmentId: a.id, index, last: index === a.chunkCount - 1 };
}
