import { Injectable } from '@nestjs/common';
import type { Tx } from '@carebus/persistence';
import type { Message, Thread } from './thread';

/**
 * Something that must act, in the same transaction, on every message added to a thread: the
 * portal gateway queues the clinic's answers to national-portal threads; notifications events
 * tell recipients. A sink that throws fails the send (nothing is stored).
 */
export interface MessageSink {
  onMessage(tx: Tx, thread: Thread, message: Message): Promise<void>;
}

/** The sinks registered by other modules (each registers itself in `onModuleInit`). */
@Injectable()
export class MessageSinks {
  private readonly sinks: MessageSink[] = [];

  register(sink: MessageSink): void {
    this.sinks.push(sink);
  }

  async notify(tx: Tx, thread: Thread, message: Message): Promise<void> {
    for (const sink of this.sinks) await sink.onMessage(tx, thread, message);
  }
}
