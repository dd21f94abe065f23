import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module';
import { TemplatesController } from './templates.controller';
import { TemplatesRepository } from './templates.repository';
import { TemplatesService } from './templates.service';

/** Clinic templates (Handlebars, nb/en built-ins), which delivery renders at send time. */
@Module({
  imports: [SettingsModule],
  controllers: [TemplatesController],
  providers: [TemplatesRepository, TemplatesService],
  exports: [TemplatesRepository],
})
export class TemplatesModule {}
