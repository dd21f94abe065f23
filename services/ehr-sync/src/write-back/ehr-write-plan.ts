import { Injectable } from '@nestjs/common';
import type { Tx } from '@carebus/persistence';
import type { EhrConnection } from '../connections/connection';
import type { EhrAdapter } from '../ehr-adapters/ehr-adapter';
import { ERROR_CODES } from '../ehr-sync.errors';
import { ClinicKeyring } from '../key-vault/clinic-keyring';
import { EhrLinksRepository } from './ehr-links.repository';
import { isNotePayload, type AppointmentWritePayload, type WriteItem } from './write-item';

/** The seal purpose of a queued journal note's text. */
export const NOTE_TEXT_PURPOSE = 'write_queue.note_text';

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
    private readonly keyring: ClinicKeyring,
  ) {}

  async plan(tx: Tx, item: WriteItem, connection: EhrConnection): Promise<WritePlan> {
    const c = connection.id;
    const key = item.id;
    if (isNotePayload(item.payload)) {
      const note = item.payload;
      const patient = await this.links.externalId(tx, c, 'patient', note.patientId);
      if (!patient) return { refused: ERROR_CODES.writeBackUnmapped };
      const text = await this.keyring.open(
        tx,
        { purpose: NOTE_TEXT_PURPOSE, recordId: item.id },
        note.sealedText,
      );
      const writtenAt = new Date(note.writtenAt);
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
