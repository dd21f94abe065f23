import { create, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EVENTS, encodeEventPayload, JournalNoteSchema } from '@carebus/contracts';
import type { FieldSealer } from '@carebus/crypto';
import { Outbox } from '@carebus/outbox';
import type { Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { MessagesRepository } from '../threads/messages.repository';
import type { Thread } from '../threads/thread';
import { ThreadsRepository } from '../threads/threads.repository';

export const JOURNAL_NOTE_SEALER = Symbol('JournalNoteSealer');
export const JOURNAL_ENTRY_TOPIC = Symbol('JournalEntryTopic');

/**
 * Files an e-consultation in the patient's journal: once per thread, a `JournalEntryRequested`
 * through the outbox in the caller's transaction, the note (subject and messages) sealed under
 * the journal-note ring, and the thread's filing status `pending` until ehr-sync answers.
 */
@Injectable()
export class JournalFiling {
  constructor(
    private readonly threads: ThreadsRepository,
    private readonly messages: MessagesRepository,
    private readonly outbox: Outbox,
    @Inject(JOURNAL_NOTE_SEALER) private readonly sealer: FieldSealer,
    @Inject(JOURNAL_ENTRY_TOPIC) private readonly topic: string,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Asks for the filing unless the thread has one already; answers the journal entry id. */
  async request(tx: Tx, thread: Thread, authorPractitionerId: string): Promise<string> {
    if (thread.journalEntryId) return thread.journalEntryId;
    if (!thread.patientId) throw new Error('journal filing needs a patient');
    const entryId = randomUUID();
    const now = this.clock.now();
    const body = (await this.messages.list(tx, thread.id)).map((m) => m.body).join('\n\n');
    const note = toBinary(JournalNoteSchema, create(JournalNoteSchema, { title: thread.subject, body }));
    const sealed = this.sealer.seal(note, `${EVENTS.journalEntryRequested.topic}|${tx.clinicId}|${entryId}`);
    await this.threads.setJournal(tx, thread.id, 'pending', entryId, now);
    await this.outbox.add(tx, {
      type: EVENTS.journalEntryRequested.type,
      topic: this.topic,
      aggregateType: EVENTS.journalEntryRequested.aggregateType,
      aggregateId: entryId,
      clinicId: tx.clinicId,
      payload: encodeEventPayload(EVENTS.journalEntryRequested, {
        journalEntryId: entryId,
        clinicId: tx.clinicId,
        threadId: thread.id,
        patientId: thread.patientId,
        authorPractitionerId,
        requestedAt: timestampFromDate(now),
        sealedNote: sealed,
      }),
    });
    return entryId;
  }
}
