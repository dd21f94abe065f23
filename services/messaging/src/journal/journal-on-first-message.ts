import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Tx } from '@carebus/persistence';
import { MessageSinks, type MessageSink } from '../threads/message-sinks';
import type { Message, Thread } from '../threads/thread';
import { JournalFiling } from './journal-filing';

/** An e-consultation is filed when it is created, whoever creates it (patient, portal, staff). */
@Injectable()
export class JournalOnFirstMessage implements MessageSink, OnModuleInit {
  constructor(
    private readonly sinks: MessageSinks,
    private readonly filing: JournalFiling,
  ) {}

  onModuleInit(): void {
    this.sinks.register(this);
  }

  async onMessage(tx: Tx, thread: Thread, message: Message): Promise<void> {
    if (thread.kind !== 'e_consultation' || message.seq !== 1 || !thread.patientId) return;
    const author =
      thread.routing.practitionerId ?? (message.authorKind === 'staff' ? message.authorSubject : '');
    await this.filing.request(tx, thread, author);
  }
}
