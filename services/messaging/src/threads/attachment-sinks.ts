import { Injectable } from '@nestjs/common';
import type { Tx } from '@carebus/persistence';

/** A file stored on a message: ids only (its name and bytes stay sealed). */
export interface StoredAttachment {
  attachmentId: string;
  threadId: string;
  messageId: string;
}

/**
 * Something that must act, in the upload's transaction, on every file stored on a message: the
 * portal gateway queues the files on the clinic's answers to national-portal threads. A sink that
 * throws fails the upload (nothing is stored).
 */
export interface AttachmentSink {
  onAttachment(tx: Tx, attachment: StoredAttachment): Promise<void>;
}

/** The sinks registered by other modules (each registers itself in `onModuleInit`). */
@Injectable()
export class AttachmentSinks {
  private readonly sinks: AttachmentSink[] = [];

  register(sink: AttachmentSink): void {
    this.sinks.push(sink);
  }

  async notify(tx: Tx, attachment: StoredAttachment): Promise<void> {
    for (const sink of this.sinks) await sink.onAttachment(tx, attachment);
  }
}
