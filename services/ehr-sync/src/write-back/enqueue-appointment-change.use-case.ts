import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { Appointment } from '@carebus/contracts';
import type { Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { ConnectionsRepository } from '../connections/connections.repository';
import type { AppointmentWritePayload, WriteKind } from './write-item';
import { WriteQueueRepository } from './write-queue.repository';

export interface AppointmentChange {
  kind: Extract<WriteKind, 'create' | 'reschedule' | 'cancel'>;
  appointment: Appointment;
  /** The platform event's id: a redelivery of it enqueues nothing more. */
  eventId: string;
}

export type EnqueueOutcome = 'queued' | 'no_connection' | 'own_origin';

/**
 * A platform appointment change becomes a write for each of the clinic's active EHR connections,
 * in the transaction that claims the event in the inbox — except for the connection the change
 * came from (an import is never written back to its own EHR).
 */
@Injectable()
export class EnqueueAppointmentChangeUseCase {
  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly queue: WriteQueueRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(tx: Tx, change: AppointmentChange): Promise<EnqueueOutcome> {
    const a = change.appointment;
    const active = await this.connections.active(tx);
    if (active.length === 0) return 'no_connection';
    const origin = a.originConnectionId.toLowerCase();
    const targets = active.filter((c) => c.id !== origin);
    if (targets.length === 0) return 'own_origin';
    const payload: AppointmentWritePayload = {
      calendarId: a.calendarId,
      practitionerId: a.practitionerId || null,
      patientId: a.patientId || null,
      appointmentTypeId: a.appointmentTypeId || null,
      start: a.startTime ? timestampDate(a.startTime).toISOString() : '',
      end: a.endTime ? timestampDate(a.endTime).toISOString() : '',
    };
    const writes = targets.map((c) => ({
      id: randomUUID(),
      connectionId: c.id,
      subjectType: 'appointment' as const,
      subjectId: a.appointmentId,
      kind: change.kind,
      payload,
      sourceEventId: change.eventId,
    }));
    await this.queue.enqueue(tx, writes, this.clock.now());
    return 'queued';
  }
}
