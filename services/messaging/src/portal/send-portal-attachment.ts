import { Injectable } from '@nestjs/common';
import type { Principal } from '@carebus/auth';
import { DomainError } from '@carebus/errors';
import { DownloadAttachmentUseCase } from '../attachments/download-attachment.use-case';
import { PortalClient, type PortalAnswer } from './portal-client';
import type { PortalDelivery } from './portal-delivery';

/** Messaging acting for the national portal: it reads a portal thread's files as the partner does. */
const portalReader = (clinicId: string): Principal => ({
  subject: 'service:messaging',
  clinicId,
  roles: ['partner'],
  scopes: [],
});

/**
 * Sends one file of an `attachment` delivery once the message it is on is at the portal: the
 * message still pending answers a transient `awaiting_message` (another attempt after the
 * backoff), a message failed for good fails the file too. The file is read as a download by the
 * portal (`ThreadAccess`: a partner reads national-portal threads; every chunk verified before the
 * first byte, audited `attachment.download`) and streams chunk by chunk, each read in its own
 * short transaction, to the portal; no transaction is held during the call.
 */
@Injectable()
export class SendPortalAttachment {
  constructor(
    private readonly files: DownloadAttachmentUseCase,
    private readonly client: PortalClient,
  ) {}

  async send(delivery: PortalDelivery, message: PortalDelivery | null): Promise<PortalAnswer> {
    if (!message || message.status === 'failed' || !delivery.attachmentId)
      return { ok: false, permanent: true, code: 'message_not_delivered' };
    if (message.status === 'pending') return { ok: false, permanent: false, code: 'awaiting_message' };
    try {
      const file = await this.files.execute(
        { clinicId: delivery.clinicId, principal: portalReader(delivery.clinicId) },
        delivery.attachmentId,
      );
      return await this.client.deliverAttachment({
        idempotencyKey: `carebus.${delivery.id}`,
        messageKey: `carebus.${message.id}`,
        fileName: file.fileName,
        mediaType: file.attachment.mediaType,
        sizeBytes: file.attachment.sizeBytes,
        sha256: file.attachment.sha256,
        bytes: file.chunks(),
      });
    } catch (error) {
      // Not found (a hidden thread) or failing its integrity check: it cannot be sent, ever.
      if (error instanceof DomainError && error.kind !== 'unavailable')
        return { ok: false, permanent: true, code: error.code.slice(0, 100) };
      return { ok: false, permanent: false, code: 'attachment_unreadable' };
    }
  }
}
