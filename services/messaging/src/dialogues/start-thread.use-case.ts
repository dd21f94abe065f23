import { Inject, Injectable } from '@nestjs/common';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { PatientsRepository } from '../directory/patients.repository';
import { InboxesRepository } from '../inboxes/inboxes.repository';
import { inboxNotFound, patientNotFound } from '../messaging.errors';
import type { Message, Thread, ThreadKind } from '../threads/thread';
import { ThreadsService } from '../threads/threads.service';
import { assertStaff, authorOf, type Actor } from './actor';

export interface StartThreadCommand {
  kind: Exclude<ThreadKind, 'prescription_renewal'>;
  /** The patient written to; none for an internal e-dialogue between colleagues. */
  patientId: string | null;
  subject: string;
  body: string;
  /** Colleagues' inboxes an e-dialogue goes to (personal or shared). */
  recipientInboxIds: string[];
}

/** Staff start a dialogue: to a patient (e-contact, e-consultation, e-dialogue) or internally to colleagues. */
@Injectable()
export class StartThreadUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly threads: ThreadsService,
    private readonly inboxes: InboxesRepository,
    private readonly patients: PatientsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, cmd: StartThreadCommand): Promise<{ thread: Thread; message: Message }> {
    assertStaff(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      if (cmd.patientId && !(await this.patients.find(tx, cmd.patientId))) throw patientNotFound();
      for (const id of cmd.recipientInboxIds) if (!(await this.inboxes.find(tx, id))) throw inboxNotFound();
      const sender = await this.inboxes.personal(tx, actor.principal.subject, this.clock.now());
      return this.threads.start(tx, {
        ...cmd,
        author: authorOf(actor.principal),
        senderInboxId: sender.id,
      });
    });
  }
}
