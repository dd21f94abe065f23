import { Injectable } from '@nestjs/common';
import { MessagesRepository } from '../threads/messages.repository';
import type { Message, PrescriptionItem, Thread } from '../threads/thread';
import type { Actor } from './actor';
import { ThreadChanges } from './thread-changes';

export interface ThreadView {
  thread: Thread;
  messages: Message[];
  prescriptions: PrescriptionItem[];
}

/** A thread with its messages (and renewal items), for anyone who may read it; audited. */
@Injectable()
export class ReadThreadUseCase {
  constructor(
    private readonly changes: ThreadChanges,
    private readonly messages: MessagesRepository,
  ) {}

  execute(actor: Actor, threadId: string): Promise<ThreadView> {
    return this.changes.run(actor, threadId, 'thread.read', async (tx, thread) => {
      await this.changes.allowed(tx, actor, thread, 'thread.read');
      const messages = await this.messages.list(tx, thread.id);
      const prescriptions =
        thread.kind === 'prescription_renewal' || thread.convertedFrom === 'prescription_renewal'
          ? await this.messages.items(tx, thread.id)
          : [];
      return { thread, messages, prescriptions };
    });
  }
}
