import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@carebus/platform';
import { renewalItemsInvalid, renewalNotOpen } from '../messaging.errors';
import { MessagesRepository } from '../threads/messages.repository';
import type { Message, RenewalOutcome } from '../threads/thread';
import { ThreadsRepository } from '../threads/threads.repository';
import { ThreadsService } from '../threads/threads.service';
import { assertStaff, authorOf, type Actor } from './actor';
import { ThreadChanges } from './thread-changes';

export interface RenewalAnswer {
  outcome: RenewalOutcome;
  /** partly_renewed: the positions (from 1) of the items renewed. */
  renewedItems: number[];
  body: string;
}

/** The clinic answers a prescription renewal request: exactly one outcome, plus a message. */
@Injectable()
export class AnswerRenewalUseCase {
  constructor(
    private readonly changes: ThreadChanges,
    private readonly threads: ThreadsRepository,
    private readonly messages: MessagesRepository,
    private readonly service: ThreadsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(actor: Actor, threadId: string, answer: RenewalAnswer): Promise<Message> {
    assertStaff(actor);
    return this.changes.run(actor, threadId, 'renewal.answer', async (tx, thread) => {
      if (thread.kind !== 'prescription_renewal' || thread.renewalOutcome) throw renewalNotOpen();
      const positions = (await this.messages.items(tx, thread.id)).map((i) => i.position);
      const renewed = renewedPositions(answer, positions);
      await this.messages.answerItems(tx, thread.id, renewed);
      await this.threads.setRenewalOutcome(tx, thread.id, answer.outcome, this.clock.now());
      const updated = { ...thread, renewalOutcome: answer.outcome };
      return this.service.replyFromStaff(tx, updated, authorOf(actor.principal), answer.body, answer.outcome);
    });
  }
}

/** Which items the outcome renews; partly names some but not all, the others name none. */
export function renewedPositions(answer: RenewalAnswer, positions: number[]): number[] {
  const named = [...new Set(answer.renewedItems)];
  if (answer.outcome !== 'partly_renewed') {
    if (named.length > 0) throw renewalItemsInvalid();
    return answer.outcome === 'renewed' ? positions : [];
  }
  const known = named.every((p) => positions.includes(p));
  if (!known || named.length === 0 || named.length >= positions.length) throw renewalItemsInvalid();
  return named;
}
