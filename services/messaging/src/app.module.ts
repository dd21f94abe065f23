import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@carebus/platform';
import { DialoguesModule } from './dialogues/dialogues.module';
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
    const consumed = config.MESSAGING_CONSUMERS_ENABLED
      ? [
          config.MESSAGING_PRACTITIONER_TOPIC,
          config.MESSAGING_PATIENT_TOPIC,
          config.MESSAGING_FILING_ANSWER_TOPIC,
        ]
      : [];
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          serviceName: SERVICE.name,
          schema: SERVICE.schema,
          entities: ENTITIES,
          migrations: MIGRATIONS,
          eventTopics: [config.MESSAGING_JOURNAL_ENTRY_TOPIC, ...consumed],
          constraintErrors: MESSAGING_CONSTRAINT_ERRORS,
        }),
        ThreadsModule,
        DialoguesModule.forRoot(config),
        AttachmentsModule.forRoot(config, { provide: ATTACHMENT_THREADS, useClass: ThreadsForAttachments }),
      ],
    };
  }
}
