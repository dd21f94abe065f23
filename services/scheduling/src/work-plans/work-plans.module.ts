import { Module } from '@nestjs/common';
import { CalendarsModule } from '../calendars/calendars.module';
import { WeekTemplatesModule } from '../week-templates/week-templates.module';
import { WorkPlansController } from './work-plans.controller';
import { WorkPlansRepository } from './work-plans.repository';

@Module({
  imports: [CalendarsModule, WeekTemplatesModule],
  controllers: [WorkPlansController],
  providers: [WorkPlansRepository],
  exports: [WorkPlansRepository],
})
export class WorkPlansModule {}
