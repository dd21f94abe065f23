import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { STREAMED_BODY_ROUTES, type StreamedBodyRoute } from '@carebus/platform';
import type { MessagingConfig } from '../service';
import { ThreadsModule } from '../threads/threads.module';
import { ATTACHMENT_SETTINGS, attachmentSettingsOf } from './attachment-settings';
import { AttachmentKeyring } from './attachment-keyring';
import { AttachmentKeysRepository } from './attachment-keys.repository';
import { AttachmentsController, UPLOAD_PATH } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { DownloadAttachmentUseCase } from './download-attachment.use-case';
import { ListAttachmentsUseCase } from './list-attachments.use-case';
import { ATTACHMENT_THREADS } from './attachment-threads';
import { UploadAttachmentUseCase } from './upload-attachment.use-case';

const STREAMED: StreamedBodyRoute[] = [{ method: 'POST', path: UPLOAD_PATH }];

/**
 * Message attachments: streamed uploads and downloads, sealed in chunks under each clinic's data
 * key (wrapped by the MESSAGING_KEKS ring). `threads` answers who takes part in a thread.
 */
@Module({})
export class AttachmentsModule {
  static forRoot(config: MessagingConfig, threads: Provider): DynamicModule {
    return {
      module: AttachmentsModule,
      imports: [ThreadsModule],
      controllers: [AttachmentsController],
      providers: [
        { provide: ATTACHMENT_SETTINGS, useValue: attachmentSettingsOf(config) },
        { provide: STREAMED_BODY_ROUTES, useValue: STREAMED },
        threads,
        AttachmentKeysRepository,
        AttachmentKeyring,
        AttachmentsRepository,
        UploadAttachmentUseCase,
        DownloadAttachmentUseCase,
        ListAttachmentsUseCase,
      ],
      // The portal gateway reads the files it sends (verified, chunk by chunk) as a download, and
      // stores the files the portal sends in over gRPC as an upload.
      global: true,
      exports: [DownloadAttachmentUseCase, UploadAttachmentUseCase],
    };
  }
}

export { ATTACHMENT_THREADS };
