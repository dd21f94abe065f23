import { type DynamicModule, Module } from '@nestjs/common';
import type { MessagingConfig } from '../service';
import { DeliverPortalMessageUseCase } from './deliver-portal-message.use-case';
import { PortalClient } from './portal-client';
import { PortalDeliveriesController } from './portal-deliveries.controller';
import { PortalDeliveriesRepository } from './portal-deliveries.repository';
import { PortalDispatcher } from './portal-dispatcher';
import { PortalMessageRequestedHandler } from './portal-message-requested.handler';
import { PortalQueue } from './portal-queue';
import { PORTAL_SETTINGS, portalSettingsOf } from './portal-settings';
import { QueuePortalMessageUseCase } from './queue-portal-message.use-case';
import { ReadPortalDeliveryUseCase } from './read-portal-delivery.use-case';

/** The gateway to the national portal: the durable outgoing queue and its dispatcher. */
@Module({})
export class PortalModule {
  static forRoot(config: MessagingConfig): DynamicModule {
    return {
      module: PortalModule,
      controllers: [PortalDeliveriesController],
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
      ],
      exports: [PortalQueue, PortalDispatcher],
    };
  }
}
