import { Injectable } from '@nestjs/common';
import { TenantScope } from '@carebus/persistence';
import { messagingForbidden, patientNotFound } from '../messaging.errors';
import { PatientsRepository } from '../directory/patients.repository';
import type { Message, PrescriptionItem, Thread, ThreadKind } from '../threads/thread';
import { patientOf } from '../threads/thread-access';
import { ThreadsService } from '../threads/threads.service';
import { authorOf, sameClinic, type Actor } from './actor';

export interface SubmitDialogueCommand {
  kind: ThreadKind;
  subject: string;
  body: string;
  prescriptions: Omit<PrescriptionItem, 'position' | 'renewed'>[];
}

/** A patient (or guardian) sends a new dialogue from the clinic's app or patient portal. */
@Injectable()
export class SubmitDialogueUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly threads: ThreadsService,
    private readonly patients: PatientsRepository,
  ) {}

  async execute(actor: Actor, cmd: SubmitDialogueCommand): Promise<{ thread: Thread; message: Message }> {
    const patientId = patientOf(actor.principal);
    if (!patientId || !sameClinic(actor)) throw messagingForbidden();
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      if (!(await this.patients.find(tx, patientId))) throw patientNotFound();
      return this.threads.receive(tx, {
        kind: cmd.kind,
        origin: 'platform',
        patientId,
        subject: cmd.subject,
        body: cmd.body,
        author: authorOf(actor.principal),
        prescriptions: cmd.kind === 'prescription_renewal' ? cmd.prescriptions : [],
      });
    });
  }
}
