import { type DynamicModule, Module } from '@nestjs/common';
import type { MessagingConfig } from '../service';
import { DeliverPortalMessageUseCase } from './deliver-portal-message.use-case';
import { ThreadsModule } from '../threads/threads.module';
import { PortalAnswersSink } from './portal-answers.sink';
import { PortalClient } from './portal-client';
import { PortalDeliveriesController } from './portal-deliveries.controller';
import { PortalDeliveriesRepository } from './portal-deliveries.repository';
import { PortalDispatcher } from './portal-dispatcher';
import { PortalInboundController } from './portal-inbound.controller';
import { PortalInboundRepository } from './portal-inbound.repository';
import { PortalPartnerGrpcController } from './portal-partner.grpc-controller';
import { PortalMessageRequestedHandler } from './portal-message-requested.handler';
import { PortalQueue } from './portal-queue';
import { PORTAL_SETTINGS, portalSettingsOf } from './portal-settings';
import { QueuePortalMessageUseCase } from './queue-portal-message.use-case';
import { ReadPortalDeliveryUseCase } from './read-portal-delivery.use-case';
import { ReceivePortalDialogueUseCase } from './receive-portal-dialogue.use-case';
import { PortalAttachmentsSink } from './portal-attachments.sink';
import { SendPortalAttachment } from './send-portal-attachment';
import { AttachPortalFileUseCase } from './attach-portal-file.use-case';

/**
 * The gateway to the national portal: the partner API in (REST and gRPC; the gRPC transport is
 * connected in main.ts), the durable outgoing queue and its dispatcher.
 */
@Module({})
export class PortalModule {
  static forRoot(config: MessagingConfig): DynamicModule {
    return {
      module: PortalModule,
      imports: [ThreadsModule],
      controllers: [PortalDeliveriesController, PortalInboundController, PortalPartnerGrpcController],
      providers: [
        { provide: PORTAL_SETTINGS, useValue: portalSettingsOf(config) },
        PortalDeliveriesRepository,
        PortalClient,
        PortalQueue,
        DeliverPortalMessageUseCase,
        PortalDispatcher,
        QueuePortalMessageUseCase,
        ReadPortalDeliveryUseCase,
        PortalMessageRequestedHandler,
        PortalAnswersSink,
        PortalAttachmentsSink,
        SendPortalAttachment,
        AttachPortalFileUseCase,
        PortalInboundRepository,
        ReceivePortalDialogueUseCase,
      ],
      exports: [PortalQueue, PortalDispatcher],
    };
  }
}
