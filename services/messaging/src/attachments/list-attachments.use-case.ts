import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { TenantScope } from '@carebus/persistence';
import type { Attachment } from './attachment';
import { attachmentEntry, type AttachmentActor } from './attachment-access';
import { attachmentIntegrityFailed, messageNotFound } from './attachment.errors';
import { AttachmentKeyring } from './attachment-keyring';
import { ATTACHMENT_THREADS, type AttachmentThreads } from './attachment-threads';
import { AttachmentsRepository } from './attachments.repository';
import { ChunkCipher } from './chunk-cipher';

/**
 * The attachments of a message, with their file names opened, for whoever may read its thread
 * (404 `messaging.message_not_found` otherwise, audited at the edge). Audited as one `list`.
 */
@Injectable()
export class ListAttachmentsUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly attachments: AttachmentsRepository,
    private readonly keyring: AttachmentKeyring,
    private readonly audit: AuditTrail,
    @Inject(ATTACHMENT_THREADS) private readonly threads: AttachmentThreads,
  ) {}

  execute(
    actor: AttachmentActor,
    threadId: string,
    messageId: string,
  ): Promise<{ attachment: Attachment; fileName: string }[]> {
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const thread = await this.threads.readable(tx, actor.clinicId, actor.principal, threadId);
      if (!thread) throw messageNotFound();
      const found = (await this.attachments.listForMessage(tx, messageId)).filter(
        (a) => a.threadId === threadId,
      );
      const listed = [];
      for (const attachment of found) {
        const cipher = new ChunkCipher(await this.keyring.forRead(tx, attachment.keyId), attachment.id);
        const name = cipher.open(
          { clinicId: tx.clinicId, attachmentId: attachment.id, index: 'name', last: false },
          attachment.sealedFileName,
        );
        cipher.destroy();
        if (!name) throw attachmentIntegrityFailed();
        listed.push({ attachment, fileName: name.toString() });
      }
      await this.audit.record(tx, attachmentEntry(actor, 'list', null, 'allowed', thread.patientId));
      return listed;
    });
  }
}
