import { Module } from '@nestjs/common';
import { CalendarsModule } from '../calendars/calendars.module';
import { WeekTemplatesModule } from '../week-templates/week-templates.module';
import { WorkPlansController } from './work-plans.controller';
import { WorkPlansRepository } from './work-plans.repository';
import { WorkPlansService } from './work-plans.service';

@Module({
  imports: [CalendarsModule, WeekTemplatesModule],
  controllers: [WorkPlansController],
  providers: [WorkPlansService, WorkPlansRepository],
})
export class WorkPlansModule {}
