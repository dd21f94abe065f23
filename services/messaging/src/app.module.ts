import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@carebus/platform';
import { ENTITIES } from './persistence/entities';
import { MIGRATIONS } from './persistence/migrations';
import { SERVICE, type MessagingConfig } from './service';

@Module({})
export class AppModule {
  static forRoot(config: MessagingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          serviceName: SERVICE.name,
          schema: SERVICE.schema,
          entities: ENTITIES,
          migrations: MIGRATIONS,
        }),
      ],
    };
  }
}
