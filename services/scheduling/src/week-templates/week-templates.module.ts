import { Module } from '@nestjs/common';
import { AppointmentTypesModule } from '../appointment-types/appointment-types.module';
import { WeekTemplatesController } from './week-templates.controller';
import { WeekTemplatesRepository } from './week-templates.repository';

@Module({
  imports: [AppointmentTypesModule],
  controllers: [WeekTemplatesController],
  providers: [WeekTemplatesRepository],
  exports: [WeekTemplatesRepository],
})
export class WeekTemplatesModule {}
