import { type DynamicModule, Module } from '@nestjs/common';
import { ReferenceDataModule } from '../reference-data/reference-data.module';
import { ManageMappingsUseCase } from './manage-mappings.use-case';
import { MapProviderUseCase } from './map-provider.use-case';
import { MappingsController } from './mappings.controller';
import { MappingsRepository } from './mappings.repository';

/** The clinic admin's mapping of a connection's EHR providers and appointment classes to Carebus. */
@Module({})
export class MappingsModule {
  static forRoot(connections: DynamicModule): DynamicModule {
    return {
      module: MappingsModule,
      imports: [connections, ReferenceDataModule],
      controllers: [MappingsController],
      providers: [MappingsRepository, MapProviderUseCase, ManageMappingsUseCase],
      exports: [MappingsRepository],
    };
  }
}
