import { type DynamicModule, Module } from '@nestjs/common';
import type { EhrSyncConfig } from '../service';
import { ConnectionCredentialsVault } from './connection-credentials';
import { ConnectionFailures } from './connection-failures';
import { ConnectionLoader } from './connection-loader';
import { ConnectionsController } from './connections.controller';
import { ConnectionsRepository } from './connections.repository';
import { CONNECTIONS_SETTINGS, connectionsSettingsOf } from './connections-settings';
import { CreateConnectionUseCase } from './create-connection.use-case';
import { EhrGateway } from './ehr-gateway';
import { ReauthenticateConnectionUseCase } from './reauthenticate-connection.use-case';
import { UpdateSettingsUseCase } from './update-settings.use-case';
import { UseConnectionUseCase } from './use-connection.use-case';

/** A clinic's EHR connections: credentials sealed under the clinic key, status, sync settings. */
@Module({})
export class ConnectionsModule {
  static forRoot(config: EhrSyncConfig, keyVault: DynamicModule): DynamicModule {
    return {
      module: ConnectionsModule,
      imports: [keyVault],
      controllers: [ConnectionsController],
      providers: [
        { provide: CONNECTIONS_SETTINGS, useValue: connectionsSettingsOf(config) },
        ConnectionsRepository,
        ConnectionCredentialsVault,
        EhrGateway,
        ConnectionLoader,
        ConnectionFailures,
        CreateConnectionUseCase,
        UseConnectionUseCase,
        ReauthenticateConnectionUseCase,
        UpdateSettingsUseCase,
      ],
      // The sync engine and the write-back read connections, open their credentials and call the EHR through their sessions.
      exports: [
        ConnectionsRepository,
        ConnectionCredentialsVault,
        ConnectionLoader,
        EhrGateway,
        ConnectionFailures,
        CONNECTIONS_SETTINGS,
      ],
    };
  }
}
