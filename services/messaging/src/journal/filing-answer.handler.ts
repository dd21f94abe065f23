import { Inject, Injectable } from '@nestjs/common';
import { EVENTS } from '@carebus/contracts';
import { EventHandler, isEventOf, type ConsumedEvent } from '@carebus/messaging-kafka';
import type { Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import type { MessagingConfig } from '../service';
import { ThreadsRepository } from '../threads/threads.repository';

/** ehr-sync's answer to a filing request: the thread's journal status becomes filed or failed (once). */
@Injectable()
export class FilingAnswerHandler {
  constructor(
    private readonly threads: ThreadsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @EventHandler((config: MessagingConfig) => config.MESSAGING_FILING_ANSWER_TOPIC, {
    group: (config: MessagingConfig) => `${config.MESSAGING_CONSUMER_GROUP}.journal`,
    eventTypes: [EVENTS.journalEntryFiled.type, EVENTS.journalEntryFailed.type],
  })
  async handle(event: ConsumedEvent, tx: Tx): Promise<void> {
    if (isEventOf(event, EVENTS.journalEntryFiled)) {
      await this.threads.fileJournal(tx, event.payload.journalEntryId, 'filed', this.clock.now());
    } else if (isEventOf(event, EVENTS.journalEntryFailed)) {
      await this.threads.fileJournal(tx, event.payload.journalEntryId, 'failed', this.clock.now());
    }
  }
}
