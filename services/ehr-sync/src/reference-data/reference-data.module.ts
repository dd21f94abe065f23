import { Module } from '@nestjs/common';
import { ReferenceDataRepository } from './reference-data.repository';
import { ReferenceEventsHandler } from './reference-events.handler';

/** ehr-sync's local copy of scheduling's clinics, calendars, practitioners and appointment types. */
@Module({
  providers: [ReferenceDataRepository, ReferenceEventsHandler],
  exports: [ReferenceDataRepository],
})
export class ReferenceDataModule {}
