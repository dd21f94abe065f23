import { Inject, Injectable } from '@nestjs/common';
import { hasRole } from '@carebus/auth';
import { CLOCK, type Clock } from '@carebus/platform';
import { JournalFiling } from '../journal/journal-filing';
import { conversionNotAllowed } from '../messaging.errors';
import type { Thread, ThreadKind } from '../threads/thread';
import { ThreadsRepository } from '../threads/threads.repository';
import { assertStaff, type Actor } from './actor';
import { ThreadChanges } from './thread-changes';

export type ConversionTarget = Extract<ThreadKind, 'e_contact' | 'e_consultation'>;

/**
 * An e-contact that holds clinical content becomes an e-consultation, keeping its messages, and
 * is filed to the journal (once); an answered renewal can become an e-contact or e-consultation.
 */
@Injectable()
export class ConvertThreadUseCase {
  constructor(
    private readonly changes: ThreadChanges,
    private readonly threads: ThreadsRepository,
    private readonly filing: JournalFiling,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(actor: Actor, threadId: string, to: ConversionTarget): Promise<Thread> {
    assertStaff(actor);
    return this.changes.run(actor, threadId, 'thread.convert', async (tx, thread) => {
      if (!convertible(thread, to)) throw conversionNotAllowed(thread.kind);
      await this.threads.convert(tx, thread.id, to, thread.kind, actor.principal.subject, this.clock.now());
      const converted = { ...thread, kind: to, convertedFrom: thread.kind };
      if (to === 'e_consultation') {
        const author = hasRole(actor.principal, 'practitioner')
          ? actor.principal.subject
          : (thread.routing.practitionerId ?? actor.principal.subject);
        await this.filing.request(tx, converted, author);
      }
      await this.changes.allowed(tx, actor, thread, 'thread.convert');
      return (await this.threads.find(tx, thread.id)) as Thread;
    });
  }
}

function convertible(thread: Thread, to: ConversionTarget): boolean {
  if (thread.kind === 'e_contact') return to === 'e_consultation';
  return thread.kind === 'prescription_renewal' && thread.renewalOutcome !== null;
}
