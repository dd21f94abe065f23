import { Module } from '@nestjs/common';
import { LocationsModule } from '../locations/locations.module';
import { ClinicsController } from './clinics.controller';
import { ClinicsRepository } from './clinics.repository';
import { ClinicsService } from './clinics.service';
import { CreateClinicUseCase } from './create-clinic.use-case';
import { UpdateClinicUseCase } from './update-clinic.use-case';

/** Clinics: onboarded and listed by the platform operator, read and changed by their admins. */
@Module({
  imports: [LocationsModule],
  controllers: [ClinicsController],
  providers: [ClinicsService, ClinicsRepository, CreateClinicUseCase, UpdateClinicUseCase],
  exports: [ClinicsRepository],
})
export class ClinicsModule {}
