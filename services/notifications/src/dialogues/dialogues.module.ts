import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { SettingsModule } from '../settings/settings.module';
import { DialogueEventsHandler } from './dialogue-events.handler';
import { PlanDialogueNoticesUseCase } from './plan-dialogue-notices.use-case';

/** Notices of new dialogues (messaging.dialogue.v1) to staff by their channels and to patients. */
@Module({
  imports: [SettingsModule, ContactsModule, DeliveryModule],
  providers: [PlanDialogueNoticesUseCase, DialogueEventsHandler],
})
export class DialoguesModule {}
