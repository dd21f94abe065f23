import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { encodeEventPayload, EVENTS } from '@carebus/contracts';
import type { OutboxEvent } from '@carebus/outbox';

/** JournalEntryFiled on ehrsync.journal_entry.v1, keyed by the journal entry: messaging marks the thread filed. */
export function journalEntryFiledEvent(
  topic: string,
  e: { journalEntryId: string; clinicId: string; connectionId: string; externalId: string; at: Date },
): OutboxEvent {
  const definition = EVENTS.journalEntryFiled;
  return {
    type: definition.type,
    topic,
    aggregateType: definition.aggregateType,
    aggregateId: e.journalEntryId,
    clinicId: e.clinicId,
    payload: encodeEventPayload(definition, {
      journalEntryId: e.journalEntryId,
      clinicId: e.clinicId,
      connectionId: e.connectionId,
      externalId: e.externalId,
      filedAt: timestampFromDate(e.at),
    }),
    time: e.at,
  };
}

/** JournalEntryFailed: the note will not be filed without an operator's retry. A code, never text. */
export function journalEntryFailedEvent(
  topic: string,
  e: { journalEntryId: string; clinicId: string; connectionId: string | null; errorCode: string; at: Date },
): OutboxEvent {
  const definition = EVENTS.journalEntryFailed;
  return {
    type: definition.type,
    topic,
    aggregateType: definition.aggregateType,
    aggregateId: e.journalEntryId,
    clinicId: e.clinicId,
    payload: encodeEventPayload(definition, {
      journalEntryId: e.journalEntryId,
      clinicId: e.clinicId,
      connectionId: e.connectionId ?? '',
      errorCode: e.errorCode,
      failedAt: timestampFromDate(e.at),
    }),
    time: e.at,
  };
}
