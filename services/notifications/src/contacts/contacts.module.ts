import { Module } from '@nestjs/common';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { PatientContactsRepository } from './patient-contacts.repository';

/** Patients' contact points (audited), which planning and delivery read. */
@Module({
  controllers: [ContactsController],
  providers: [PatientContactsRepository, ContactsService],
  exports: [PatientContactsRepository],
})
export class ContactsModule {}
