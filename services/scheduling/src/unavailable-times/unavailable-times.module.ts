import { Module } from '@nestjs/common';
import { CalendarsModule } from '../calendars/calendars.module';
import { UnavailableTimesController } from './unavailable-times.controller';
import { UnavailableTimesRepository } from './unavailable-times.repository';
import { UnavailableTimesService } from './unavailable-times.service';

@Module({
  imports: [CalendarsModule],
  controllers: [UnavailableTimesController],
  providers: [UnavailableTimesService, UnavailableTimesRepository],
})
export class UnavailableTimesModule {}
