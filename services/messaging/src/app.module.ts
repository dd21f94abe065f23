import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@carebus/platform';
import { ATTACHMENT_THREADS } from './attachments/attachment-threads';
import { AttachmentsModule } from './attachments/attachments.module';
import { ThreadsForAttachments } from './attachments/threads-for-attachments';
import { MESSAGING_CONSTRAINT_ERRORS } from './messaging.errors';
import { ENTITIES } from './persistence/entities';
import { MIGRATIONS } from './persistence/migrations';
import { SERVICE, type MessagingConfig } from './service';
import { ThreadsModule } from './threads/threads.module';

@Module({})
export class AppModule {
  static forRoot(config: MessagingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          serviceName: SERVICE.name,
          schema: SERVICE.schema,
          entities: ENTITIES,
          migrations: MIGRATIONS,
          constraintErrors: MESSAGING_CONSTRAINT_ERRORS,
        }),
        ThreadsModule,
        AttachmentsModule.forRoot(config, { provide: ATTACHMENT_THREADS, useClass: ThreadsForAttachments }),
      ],
    };
  }
}
