import { Injectable, Logger } from '@nestjs/common';
import { EVENTS } from '@carebus/contracts';
import { EventHandler, isEventOf, type ConsumedEvent } from '@carebus/messaging-kafka';
import type { Tx } from '@carebus/persistence';
import type { EhrSyncConfig } from '../service';
import { EnqueueJournalEntryUseCase } from './enqueue-journal-entry.use-case';

/** Messaging's requests to file an e-consultation's note in the patient's journal in the EHR. */
@Injectable()
export class JournalEntriesHandler {
  private readonly logger = new Logger('JournalFiling');

  constructor(private readonly enqueue: EnqueueJournalEntryUseCase) {}

  @EventHandler((config: EhrSyncConfig) => config.EHR_SYNC_JOURNAL_ENTRY_TOPIC, {
    group: (config: EhrSyncConfig) => config.EHR_SYNC_JOURNAL_GROUP,
    eventTypes: [EVENTS.journalEntryRequested.type],
  })
  async handle(event: ConsumedEvent, tx: Tx): Promise<void> {
    if (!isEventOf(event, EVENTS.journalEntryRequested)) return;
    const outcome = await this.enqueue.execute(tx, event.payload, event.envelope.id);
    this.logger.log(
      { eventId: event.envelope.id, clinicId: tx.clinicId, outcome },
      'journal entry for the EHR',
    );
  }
}
