import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type Clock } from '@carebus/platform';
import { ConsentModule } from './consent/consent.module';
import { DialoguesModule } from './dialogues/dialogues.module';
import { ATTACHMENT_THREADS } from './attachments/attachment-threads';
import { AttachmentsModule } from './attachments/attachments.module';
import { ThreadsForAttachments } from './attachments/threads-for-attachments';
import { PortalModule } from './portal/portal.module';
import { MESSAGING_CONSTRAINT_ERRORS } from './messaging.errors';
import { ENTITIES } from './persistence/entities';
import { MIGRATIONS } from './persistence/migrations';
import { SERVICE, type MessagingConfig } from './service';
import { ThreadsModule } from './threads/threads.module';

/** What a test may bring: its clock. */
export interface AppOverrides {
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot(config: MessagingConfig, overrides: AppOverrides = {}): DynamicModule {
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
          eventTopics: [
            config.MESSAGING_REACHABILITY_TOPIC,
            config.MESSAGING_PORTAL_MESSAGE_TOPIC,
            config.MESSAGING_JOURNAL_ENTRY_TOPIC,
            config.MESSAGING_DIALOGUE_TOPIC,
            ...consumed,
          ],
          constraintErrors: MESSAGING_CONSTRAINT_ERRORS,
          ...(overrides.clock ? { clock: overrides.clock } : {}),
        }),
        ConsentModule.forRoot(config),
        PortalModule.forRoot(config),
        ThreadsModule,
        DialoguesModule.forRoot(config),
        AttachmentsModule.forRoot(config, { provide: ATTACHMENT_THREADS, useClass: ThreadsForAttachments }),
      ],
    };
  }
}
