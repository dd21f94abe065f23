import { Module } from '@nestjs/common';
import { AppointmentTypesController } from './appointment-types.controller';
import { AppointmentTypesRepository } from './appointment-types.repository';

@Module({
  controllers: [AppointmentTypesController],
  providers: [AppointmentTypesRepository],
  exports: [AppointmentTypesRepository],
})
export class AppointmentTypesModule {}
