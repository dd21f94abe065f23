import { Module } from '@nestjs/common';
import { PractitionersController } from './practitioners.controller';
import { PractitionersRepository } from './practitioners.repository';

@Module({
  controllers: [PractitionersController],
  providers: [PractitionersRepository],
  exports: [PractitionersRepository],
})
export class PractitionersModule {}
