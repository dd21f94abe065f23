import { ApiProperty } from '@nestjs/swagger';
import type { Attachment } from './attachment';
import { MEDIA_TYPES } from './media-type';

/** An attachment's facts (no bytes). `fileName` is patient data: the caller's to see, never logged. */
export class AttachmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) threadId!: string;
  @ApiProperty({ format: 'uuid' }) messageId!: string;
  @ApiProperty({ description: 'The file name the uploader gave (Content-Disposition).' }) fileName!: string;
  @ApiProperty({ enum: MEDIA_TYPES, description: 'The type its bytes show (it matched the declared type).' })
  mediaType!: string;
  @ApiProperty({ minimum: 1, maximum: 12 * 1024 * 1024 }) sizeBytes!: number;
  @ApiProperty({ description: 'SHA-256 of the bytes, lowercase hex.', pattern: '^[0-9a-f]{64}$' })
  sha256!: string;
  @ApiProperty({ description: 'Subject of the uploader.' }) uploadedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(a: Attachment, fileName: string): AttachmentDto {
    return {
      id: a.id,
      threadId: a.threadId,
      messageId: a.messageId,
      fileName,
      mediaType: a.mediaType,
      sizeBytes: a.sizeBytes,
      sha256: a.sha256.toString('hex'),
      uploadedBy: a.uploadedBy,
      createdAt: a.createdAt.toISOString(),
    };
  }
}
