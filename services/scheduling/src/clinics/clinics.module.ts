import { Module } from '@nestjs/common';
import { ClinicsController } from './clinics.controller';
import { ClinicsRepository } from './clinics.repository';

@Module({ controllers: [ClinicsController], providers: [ClinicsRepository] })
export class ClinicsModule {}
