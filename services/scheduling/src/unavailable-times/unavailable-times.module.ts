import { Module } from '@nestjs/common';
import { CalendarsModule } from '../calendars/calendars.module';
import { UnavailableTimesController } from './unavailable-times.controller';
import { UnavailableTimesRepository } from './unavailable-times.repository';

@Module({
  imports: [CalendarsModule],
  controllers: [UnavailableTimesController],
  providers: [UnavailableTimesRepository],
  exports: [UnavailableTimesRepository],
})
export class UnavailableTimesModule {}
