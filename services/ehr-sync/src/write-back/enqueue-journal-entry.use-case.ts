import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { JournalEntryRequested } from '@carebus/contracts';
import { Outbox } from '@carebus/outbox';
import type { Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { ConnectionsRepository } from '../connections/connections.repository';
import { ERROR_CODES } from '../ehr-sync.errors';
import { journalEntryFailedEvent } from './journal-entry-events';
import { WRITE_BACK_SETTINGS, type WriteBackSettings } from './write-back-settings';
import type { NoteWritePayload } from './write-item';
import { WriteQueueRepository } from './write-queue.repository';

export type JournalOutcome = 'queued' | 'already_queued' | 'no_connection';

/**
 * A journal filing request becomes one note write to the clinic's oldest active EHR connection,
 * in the transaction that claims the event; the note stays sealed as messaging sent it. Without
 * a connection the answer is JournalEntryFailed (`ehrsync.no_connection`) at once. A second
 * request for the same journal entry files nothing more.
 */
@Injectable()
export class EnqueueJournalEntryUseCase {
  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly queue: WriteQueueRepository,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WRITE_BACK_SETTINGS) private readonly settings: WriteBackSettings,
  ) {}

  async execute(tx: Tx, request: JournalEntryRequested, eventId: string): Promise<JournalOutcome> {
    const at = this.clock.now();
    const [connection] = await this.connections.active(tx);
    if (!connection || !request.sealedNote) {
      const event = { journalEntryId: request.journalEntryId, clinicId: tx.clinicId, connectionId: null, at };
      await this.outbox.add(
        tx,
        journalEntryFailedEvent(this.settings.journalAnswerTopic, {
          ...event,
          errorCode: ERROR_CODES.noConnection,
        }),
      );
      return 'no_connection';
    }
    if (await this.queue.hasWrite(tx, connection.id, request.journalEntryId)) return 'already_queued';
    const sealed = request.sealedNote;
    const payload: NoteWritePayload = {
      patientId: request.patientId,
      sealedNote: {
        keyVersion: sealed.keyVersion,
        nonce: Buffer.from(sealed.nonce).toString('base64'),
        ciphertext: Buffer.from(sealed.ciphertext).toString('base64'),
      },
      requestedAt: (request.requestedAt ? timestampDate(request.requestedAt) : at).toISOString(),
    };
    const write = {
      id: randomUUID(),
      connectionId: connection.id,
      subjectType: 'journal_entry' as const,
      subjectId: request.journalEntryId,
      kind: 'note' as const,
      payload,
      sourceEventId: eventId,
    };
    await this.queue.enqueue(tx, [write], at);
    return 'queued';
  }
}
