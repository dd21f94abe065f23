import { Module } from '@nestjs/common';
import { PractitionersController } from './practitioners.controller';
import { PractitionersRepository } from './practitioners.repository';
import { PractitionersService } from './practitioners.service';

@Module({
  controllers: [PractitionersController],
  providers: [PractitionersService, PractitionersRepository],
  exports: [PractitionersRepository],
})
export class PractitionersModule {}
