import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@carebus/platform';
import { AuditModule } from './audit/audit.module';
import { ClinicsModule } from './clinics/clinics.module';
import { ENTITIES } from './persistence/entities';
import { MIGRATIONS } from './persistence/migrations';
import { SERVICE, type SchedulingConfig } from './service';

@Module({})
export class AppModule {
  static forRoot(config: SchedulingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          serviceName: SERVICE.name,
          entities: ENTITIES,
          migrations: MIGRATIONS,
        }),
        AuditModule,
        ClinicsModule,
      ],
    };
  }
}
