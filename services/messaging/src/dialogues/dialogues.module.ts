import { type DynamicModule, Module } from '@nestjs/common';
import { FieldSealer, SEAL_PURPOSES } from '@carebus/crypto';
import { DirectoryEventsHandler } from '../directory/directory-events.handler';
import { InboxesController } from '../inboxes/inboxes.controller';
import { FilingAnswerHandler } from '../journal/filing-answer.handler';
import { JOURNAL_ENTRY_TOPIC, JOURNAL_NOTE_SEALER, JournalFiling } from '../journal/journal-filing';
import { JournalOnFirstMessage } from '../journal/journal-on-first-message';
import { DIALOGUE_TOPIC, DialogueNoticesSink } from '../notices/dialogue-notices.sink';
import { NoticeRecipientsRepository } from '../notices/notice-recipients.repository';
import { MessagingSettingsUseCase } from '../org/messaging-settings.use-case';
import { OrgController } from '../org/org.controller';
import { OrgUseCase } from '../org/org.use-case';
import { RoutingRulesController } from '../routing/routing-rules.controller';
import { RoutingRulesUseCase } from '../routing/routing-rules.use-case';
import type { MessagingConfig } from '../service';
import { AutoDialogueHandler } from '../templates/auto-dialogue.handler';
import { TemplatesController } from '../templates/templates.controller';
import { TemplatesRepository } from '../templates/templates.repository';
import { TemplatesUseCase } from '../templates/templates.use-case';
import { ThreadListsRepository } from '../threads/thread-lists.repository';
import { ThreadsModule } from '../threads/threads.module';
import { AnswerRenewalUseCase } from './answer-renewal.use-case';
import { ConvertThreadUseCase } from './convert-thread.use-case';
import { ListThreadsUseCase } from './list-threads.use-case';
import { MarkReadUseCase } from './mark-read.use-case';
import { PatientThreadsController } from './patient-threads.controller';
import { PostMessageUseCase } from './post-message.use-case';
import { ReadThreadUseCase } from './read-thread.use-case';
import { StartThreadUseCase } from './start-thread.use-case';
import { SubmitDialogueUseCase } from './submit-dialogue.use-case';
import { ThreadChanges } from './thread-changes';
import { ThreadsController } from './threads.controller';

/** The clinic UI's and patients' REST for dialogues, routing, organisation; journal filing; dialogue notices; scheduling's copies. */
@Module({})
export class DialoguesModule {
  static forRoot(config: MessagingConfig): DynamicModule {
    const sealer = FieldSealer.fromEnv(SEAL_PURPOSES.journalNote, {
      CAREBUS_JOURNAL_NOTE_KEYS: config.CAREBUS_JOURNAL_NOTE_KEYS,
      CAREBUS_JOURNAL_NOTE_KEY_ACTIVE: config.CAREBUS_JOURNAL_NOTE_KEY_ACTIVE,
    });
    return {
      module: DialoguesModule,
      imports: [ThreadsModule],
      controllers: [
        ThreadsController,
        PatientThreadsController,
        InboxesController,
        RoutingRulesController,
        OrgController,
        TemplatesController,
      ],
      providers: [
        { provide: JOURNAL_NOTE_SEALER, useValue: sealer },
        { provide: JOURNAL_ENTRY_TOPIC, useValue: config.MESSAGING_JOURNAL_ENTRY_TOPIC },
        JournalFiling,
        JournalOnFirstMessage,
        { provide: DIALOGUE_TOPIC, useValue: config.MESSAGING_DIALOGUE_TOPIC },
        NoticeRecipientsRepository,
        DialogueNoticesSink,
        ThreadChanges,
        ThreadListsRepository,
        ReadThreadUseCase,
        PostMessageUseCase,
        MarkReadUseCase,
        ConvertThreadUseCase,
        AnswerRenewalUseCase,
        StartThreadUseCase,
        SubmitDialogueUseCase,
        ListThreadsUseCase,
        RoutingRulesUseCase,
        OrgUseCase,
        MessagingSettingsUseCase,
        TemplatesRepository,
        TemplatesUseCase,
        ...(config.MESSAGING_CONSUMERS_ENABLED
          ? [DirectoryEventsHandler, FilingAnswerHandler, AutoDialogueHandler]
          : []),
      ],
      exports: [JournalFiling],
    };
  }
}
