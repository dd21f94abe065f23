import { Module } from '@nestjs/common';
import { LocationsModule } from '../locations/locations.module';
import { PractitionersModule } from '../practitioners/practitioners.module';
import { CalendarsController } from './calendars.controller';
import { CalendarsRepository } from './calendars.repository';
import { CalendarsService } from './calendars.service';

@Module({
  imports: [LocationsModule, PractitionersModule],
  controllers: [CalendarsController],
  providers: [CalendarsService, CalendarsRepository],
  exports: [CalendarsRepository],
})
export class CalendarsModule {}
