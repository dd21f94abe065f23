import { Module } from '@nestjs/common';
import { LocationsController } from './locations.controller';
import { LocationsRepository } from './locations.repository';

@Module({
  controllers: [LocationsController],
  providers: [LocationsRepository],
  exports: [LocationsRepository],
})
export class LocationsModule {}
