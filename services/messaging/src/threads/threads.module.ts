import { Module } from '@nestjs/common';
import { PatientsRepository } from '../directory/patients.repository';
import { PractitionersRepository } from '../directory/practitioners.repository';
import { InboxesRepository } from '../inboxes/inboxes.repository';
import { UnreadCounters } from '../inboxes/unread-counters';
import { OrgUnitsRepository } from '../org/org-units.repository';
import { RoutingRulesRepository } from '../routing/routing-rules.repository';
import { ThreadRouter } from '../routing/thread-router';
import { AttachmentSinks } from './attachment-sinks';
import { MessageSinks } from './message-sinks';
import { MessagesRepository } from './messages.repository';
import { ThreadAccess } from './thread-access';
import { ThreadsRepository } from './threads.repository';
import { ThreadsService } from './threads.service';

const PROVIDERS = [
  ThreadsRepository,
  MessagesRepository,
  ThreadAccess,
  ThreadsService,
  MessageSinks,
  AttachmentSinks,
  ThreadRouter,
  RoutingRulesRepository,
  PatientsRepository,
  PractitionersRepository,
  OrgUnitsRepository,
  InboxesRepository,
  UnreadCounters,
];

/**
 * The thread model every messaging feature builds on: threads, messages, routing, inboxes and
 * unread counters. Exports `ThreadAccess` (who may read a thread), `ThreadsService` (append to a
 * thread), `MessageSinks` (act on every new message) and `AttachmentSinks` (on every stored file)
 * for the attachments and portal modules.
 */
@Module({ providers: PROVIDERS, exports: PROVIDERS })
export class ThreadsModule {}
