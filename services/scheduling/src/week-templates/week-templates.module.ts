import { Module } from '@nestjs/common';
import { AppointmentTypesModule } from '../appointment-types/appointment-types.module';
import { WeekTemplatesController } from './week-templates.controller';
import { WeekTemplatesRepository } from './week-templates.repository';
import { WeekTemplatesService } from './week-templates.service';

@Module({
  imports: [AppointmentTypesModule],
  controllers: [WeekTemplatesController],
  providers: [WeekTemplatesService, WeekTemplatesRepository],
  exports: [WeekTemplatesRepository],
})
export class WeekTemplatesModule {}
