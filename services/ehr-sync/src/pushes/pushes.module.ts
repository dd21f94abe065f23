import { type DynamicModule, Module } from '@nestjs/common';
import { ImportModule } from '../import/import.module';
import { MappingsRepository } from '../mappings/mappings.repository';
import type { EhrSyncConfig } from '../service';
import { EhrPushGrpcController } from './ehr-push.grpc-controller';
import { PushChangeUseCase } from './push-change.use-case';
import { PushedChangesRepository } from './pushed-changes.repository';

/** Real-time pushes from EHR vendors (docs/ehr-sync.md#real-time-pushes); the transport is connected in main.ts. */
@Module({})
export class PushesModule {
  static forRoot(config: EhrSyncConfig, connections: DynamicModule): DynamicModule {
    return {
      module: PushesModule,
      imports: [connections, ImportModule.forRoot(config)],
      controllers: [EhrPushGrpcController],
      providers: [MappingsRepository, PushedChangesRepository, PushChangeUseCase],
    };
  }
}
