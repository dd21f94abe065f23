import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { clinicOf, type Principal } from '@carebus/auth';
import { ValidationError } from '@carebus/errors';
import { isUuid } from '@carebus/persistence';
import { attachmentInvalid, attachmentTypeRefused } from '../attachments/attachment.errors';
import { fileNameOf } from '../attachments/file-name';
import { declaredMediaType } from '../attachments/media-type';
import { UploadAttachmentUseCase } from '../attachments/upload-attachment.use-case';
import type { AttachFileHeader } from './attach-file-stream';

/** AttachFileResponse: the file as stored (never its name). */
export interface AttachedFile {
  attachmentId: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
}

const uuidOf = (field: string, value: string | undefined): string => {
  if (!value || !isUuid(value)) throw new ValidationError([{ field, message: `${field} must be a UUID` }]);
  return value.toLowerCase();
};

/**
 * The portal attaches a citizen's file to the citizen's message over gRPC: the header checked as
 * the REST upload checks its headers (declared type, a usable file name, the same parser), then
 * the same `UploadAttachmentUseCase` — only the message's author (the portal) attaches; streamed,
 * 12 MiB enforced while reading, the type from the bytes, sealed, audited.
 */
@Injectable()
export class AttachPortalFileUseCase {
  constructor(private readonly upload: UploadAttachmentUseCase) {}

  async execute(
    principal: Principal,
    file: { header: AttachFileHeader; body: Readable },
  ): Promise<AttachedFile> {
    try {
      const header = file.header;
      const threadId = uuidOf('threadId', header.threadId);
      const messageId = uuidOf('messageId', header.messageId);
      const declaredType = declaredMediaType(header.mediaType);
      if (!declaredType) throw attachmentTypeRefused(null);
      const fileName = fileNameOf(
        `attachment; filename*=UTF-8''${encodeURIComponent(header.fileName ?? '')}`,
      );
      if (!fileName) throw attachmentInvalid('fileName', 'fileName must name the file.');
      const done = await this.upload.execute({
        clinicId: clinicOf(principal),
        principal,
        threadId,
        messageId,
        declaredType,
        fileName,
        declaredLength: undefined,
        body: file.body,
      });
      const a = done.attachment;
      return {
        attachmentId: a.id,
        mediaType: a.mediaType,
        sizeBytes: a.sizeBytes,
        sha256: a.sha256.toString('hex'),
      };
    } finally {
      // Whatever was not read (a refusal) is dropped: the call ends with the answer.
      file.body.destroy();
    }
  }
}
