import { Inject, Injectable } from '@nestjs/common';
import { fromBinary } from '@bufbuild/protobuf';
import { JournalNoteSchema, TOPICS } from '@carebus/contracts';
import type { FieldSealer } from '@carebus/crypto';
import type { Tx } from '@carebus/persistence';
import type { EhrConnection } from '../connections/connection';
import type { EhrAdapter } from '../ehr-adapters/ehr-adapter';
import { ERROR_CODES } from '../ehr-sync.errors';
import { EhrLinksRepository } from './ehr-links.repository';
import { isNotePayload, type AppointmentWritePayload, type WriteItem } from './write-item';

/** The journal-note ring (libs/crypto FieldSealer), when this process files notes. */
export const JOURNAL_NOTE_SEALER = Symbol('JOURNAL_NOTE_SEALER');

/** Where a sealed note belongs (docs/events.md, "Sealed fields"). */
export const journalNoteAad = (clinicId: string, journalEntryId: string) =>
  `${TOPICS.messagingJournalEntry}|${clinicId}|${journalEntryId}`;

/** One EHR call, ready to make: answers the EHR's id of what it wrote. */
export type EhrWriteCall = (adapter: EhrAdapter) => Promise<string>;

export type WritePlan = { call: EhrWriteCall } | { refused: string };

/**
 * Turns a queued write into the EHR call it makes, in the write's clinic transaction: the EHR's
 * ids through the connection's links, the default appointment type when the platform's has no
 * EHR class, the note's text opened. The write's id is its idempotency key, so a retry after a
 * crash finds the first write in the EHR instead of making a second.
 */
@Injectable()
export class EhrWritePlanner {
  constructor(
    private readonly links: EhrLinksRepository,
    @Inject(JOURNAL_NOTE_SEALER) private readonly noteSealer: FieldSealer | null,
  ) {}

  async plan(tx: Tx, item: WriteItem, connection: EhrConnection): Promise<WritePlan> {
    const c = connection.id;
    // A journal entry is filed once whatever asked for it: its id is the key.
    const key = item.subjectType === 'journal_entry' ? item.subjectId : item.id;
    if (isNotePayload(item.payload)) {
      const note = item.payload;
      const patient = await this.links.externalId(tx, c, 'patient', note.patientId);
      if (!patient) return { refused: ERROR_CODES.writeBackUnmapped };
      if (!this.noteSealer) return { refused: ERROR_CODES.journalNoteKeyMissing };
      const sealed = {
        keyVersion: note.sealedNote.keyVersion,
        nonce: Buffer.from(note.sealedNote.nonce, 'base64'),
        ciphertext: Buffer.from(note.sealedNote.ciphertext, 'base64'),
      };
      let text: string;
      try {
        const clear = this.noteSealer.open(sealed, journalNoteAad(item.clinicId, item.subjectId));
        const opened = fromBinary(JournalNoteSchema, clear);
        text = opened.title ? `${opened.title}\n\n${opened.body}` : opened.body;
      } catch {
        return { refused: ERROR_CODES.journalNoteUnopenable };
      }
      const writtenAt = new Date(note.requestedAt);
      return {
        call: async (ehr) =>
          (await ehr.createJournalNote({ patientExternalId: patient, text, writtenAt, idempotencyKey: key }))
            .externalId,
      };
    }
    const a = item.payload;
    const start = new Date(a.start);
    const end = new Date(a.end);
    if (item.kind === 'create') {
      const provider = await this.provider(tx, c, a);
      const patient = a.patientId ? await this.links.externalId(tx, c, 'patient', a.patientId) : null;
      if (!provider || (a.patientId && !patient)) return { refused: ERROR_CODES.writeBackUnmapped };
      const mapped = a.appointmentTypeId
        ? await this.links.externalId(tx, c, 'appointment_type', a.appointmentTypeId)
        : null;
      const appointmentClass = mapped ?? connection.settings.defaultAppointmentType;
      if (!appointmentClass) return { refused: ERROR_CODES.writeBackNoDefaultType };
      return {
        call: async (ehr) =>
          (
            await ehr.createAppointment({
              providerExternalId: provider,
              patientExternalId: patient,
              appointmentClass,
              start,
              end,
              idempotencyKey: key,
            })
          ).externalId,
      };
    }
    const external = await this.links.externalId(tx, c, 'appointment', item.subjectId);
    if (!external) return { refused: ERROR_CODES.writeBackNotLinked };
    if (item.kind === 'cancel')
      return { call: async (ehr) => (await ehr.cancelAppointment(external, undefined, key)).externalId };
    const provider = await this.provider(tx, c, a);
    return {
      call: async (ehr) =>
        (
          await ehr.rescheduleAppointment(
            external,
            { start, end, ...(provider ? { providerExternalId: provider } : {}) },
            undefined,
            key,
          )
        ).externalId,
    };
  }

  /** The EHR provider of the appointment's calendar, else of its practitioner. */
  private async provider(tx: Tx, connectionId: string, a: AppointmentWritePayload): Promise<string | null> {
    return (
      (await this.links.externalId(tx, connectionId, 'calendar', a.calendarId)) ??
      (a.practitionerId
        ? await this.links.externalId(tx, connectionId, 'practitioner', a.practitionerId)
        : null)
    );
  }
}
