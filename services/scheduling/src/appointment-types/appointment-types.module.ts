import { Module } from '@nestjs/common';
import { AppointmentTypesController } from './appointment-types.controller';
import { AppointmentTypesRepository } from './appointment-types.repository';
import { AppointmentTypesService } from './appointment-types.service';

@Module({
  controllers: [AppointmentTypesController],
  providers: [AppointmentTypesService, AppointmentTypesRepository],
  exports: [AppointmentTypesRepository],
})
export class AppointmentTypesModule {}
