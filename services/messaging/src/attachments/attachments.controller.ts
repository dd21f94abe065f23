import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditedResource } from '@carebus/audit';
import { ClinicId, CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import { attachmentInvalid, attachmentTypeRefused } from './attachment.errors';
import { AttachmentDto } from './attachments.dto';
import { drainBody } from './body-chunks';
import { DownloadAttachmentUseCase } from './download-attachment.use-case';
import { ListAttachmentsUseCase } from './list-attachments.use-case';
import { contentDispositionOf, fileNameOf } from './file-name';
import { declaredMediaType, MEDIA_TYPES } from './media-type';
import { UploadAttachmentUseCase } from './upload-attachment.use-case';

const MAY_ATTACH = ['clinic_admin', 'practitioner', 'staff', 'patient', 'guardian', 'partner'] as const;

/** The upload route reads its raw body itself (STREAMED_BODY_ROUTES): no parser buffers it. */
export const UPLOAD_PATH = /^\/v1\/threads\/[^/]+\/messages\/[^/]+\/attachments\/?$/;

/**
 * Files on messages, up to 12 MiB, streamed both ways. The upload is the raw file as the request
 * body (what a browser's `fetch(url, { body: file })` and a gateway's pass-through send), typed
 * by `Content-Type` and named by `Content-Disposition`.
 */
@ApiTags('attachments')
@ApiBearerAuth()
@AuditedResource('attachment', { id: 'attachmentId' })
@Controller('v1')
export class AttachmentsController {
  constructor(
    private readonly upload: UploadAttachmentUseCase,
    private readonly download: DownloadAttachmentUseCase,
    private readonly list: ListAttachmentsUseCase,
  ) {}

  @Get('threads/:threadId/messages/:messageId/attachments')
  @Roles(...MAY_ATTACH)
  @AuditedResource('attachment', { id: null, action: 'attachment.list' })
  @ApiOperation({
    summary: "A message's attachments: facts and file names (participants of its thread only)",
  })
  @ApiOkResponse({ type: AttachmentDto, isArray: true })
  async listForMessage(
    @Param('threadId', ParseUuidPipe) threadId: string,
    @Param('messageId', ParseUuidPipe) messageId: string,
    @ClinicId() clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AttachmentDto[]> {
    const listed = await this.list.execute({ clinicId, principal }, threadId, messageId);
    return listed.map((l) => AttachmentDto.from(l.attachment, l.fileName));
  }

  @Post('threads/:threadId/messages/:messageId/attachments')
  @Roles(...MAY_ATTACH)
  @AuditedResource('attachment', { id: null, action: 'attachment.upload' })
  @ApiOperation({
    summary: 'Attach a file to your message (raw body, at most 12 MiB)',
    description:
      'The body is the file itself. `Content-Type` must name the type its bytes show: PDF, JPEG, PNG, HEIC, ' +
      'TIFF or UTF-8 plain text (else 415 `messaging.attachment_type_refused`); one byte over 12 MiB is ' +
      '413 `messaging.attachment_too_large` and nothing is stored. Only the author of the message attaches.',
  })
  @ApiConsumes(...MEDIA_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiHeader({
    name: 'Content-Disposition',
    required: true,
    description: `The file name: attachment; filename*=UTF-8''<percent-encoded name> (or filename="…").`,
  })
  @ApiCreatedResponse({ type: AttachmentDto })
  async attach(
    @Param('threadId', ParseUuidPipe) threadId: string,
    @Param('messageId', ParseUuidPipe) messageId: string,
    @ClinicId() clinicId: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ): Promise<AttachmentDto> {
    try {
      const declaredType = declaredMediaType(req.headers['content-type']);
      if (!declaredType) throw attachmentTypeRefused(null);
      const fileName = fileNameOf(req.headers['content-disposition']);
      if (!fileName)
        throw attachmentInvalid(
          'Content-Disposition',
          "Content-Disposition must name the file (filename*=UTF-8''…).",
        );
      const length = req.headers['content-length'];
      const done = await this.upload.execute({
        clinicId,
        principal,
        threadId,
        messageId,
        declaredType,
        fileName,
        declaredLength: length === undefined ? undefined : Number(length),
        body: req,
      });
      return AttachmentDto.from(done.attachment, done.fileName);
    } catch (error) {
      await drainBody(req);
      throw error;
    }
  }

  @Get('attachments/:attachmentId')
  @Roles(...MAY_ATTACH)
  @AuditedResource('attachment', { id: 'attachmentId', action: 'attachment.download' })
  @ApiOperation({
    summary: 'Download an attachment (participants of its thread only)',
    description: 'Streams the bytes; `Repr-Digest` carries their SHA-256. Every download is audited.',
  })
  @ApiProduces(...MEDIA_TYPES)
  async fetch(
    @Param('attachmentId', ParseUuidPipe) attachmentId: string,
    @ClinicId() clinicId: string,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const opened = await this.download.execute({ clinicId, principal }, attachmentId);
    const { attachment } = opened;
    res.status(200);
    res.setHeader('Content-Type', attachment.mediaType);
    res.setHeader('Content-Length', String(attachment.sizeBytes));
    res.setHeader('Content-Disposition', contentDispositionOf(opened.fileName));
    res.setHeader('Repr-Digest', `sha-256=:${attachment.sha256.toString('base64')}:`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // A chunk that fails mid-stream destroys the response: the client sees it cut short, never wrong bytes.
    await pipeline(Readable.from(opened.chunks()), res).catch(() => res.destroy());
  }
}
