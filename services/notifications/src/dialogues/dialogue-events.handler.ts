import { Injectable, Logger } from '@nestjs/common';
import { EventHandler, type ConsumedEvent } from '@carebus/messaging-kafka';
import type { Tx } from '@carebus/persistence';
import type { NotificationsConfig } from '../service';
import { dialogueCommandOf } from './dialogue-command';
import { PlanDialogueNoticesUseCase } from './plan-dialogue-notices.use-case';

/** messaging.dialogue.v1 → notices of new dialogues to staff and patients (inbox: once per event). */
@Injectable()
export class DialogueEventsHandler {
  private readonly logger = new Logger('DialogueEvents');

  constructor(private readonly plan: PlanDialogueNoticesUseCase) {}

  // A group of its own (`<group>-dialogues`): kafkajs members of one group must all read the same topics.
  @EventHandler((config: NotificationsConfig) => config.NOTIFICATIONS_DIALOGUE_TOPIC, {
    group: (config: NotificationsConfig) => `${config.NOTIFICATIONS_CONSUMER_GROUP}-dialogues`,
  })
  async handle(event: ConsumedEvent, tx: Tx): Promise<void> {
    const command = dialogueCommandOf(event);
    if (!command) return;
    const planned = await this.plan.execute(tx, command);
    this.logger.debug(
      { eventId: event.envelope.id, clinicId: tx.clinicId, threadId: command.threadId, ...planned },
      'dialogue notices planned',
    );
  }
}
