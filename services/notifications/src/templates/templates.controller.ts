import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClinicId, Roles } from '@carebus/auth';
import {
  PreviewDto,
  PreviewRequestDto,
  TemplateBodyDto,
  TemplateDto,
  TemplatePathDto,
} from './templates.dto';
import { TemplatesService } from './templates.service';

/** Templates per clinic, kind and language (Handlebars), with a preview; clinic admins only. */
@ApiTags('templates')
@ApiBearerAuth()
@Roles('clinic_admin')
@Controller('v1/templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  @ApiOperation({ summary: 'Every kind and language, the clinic text or the built-in default' })
  @ApiOkResponse({ type: TemplateDto, isArray: true })
  async list(@ClinicId() clinicId: string): Promise<{ items: TemplateDto[] }> {
    return { items: await this.templates.list(clinicId) };
  }

  @Put(':kind/:language')
  @ApiOkResponse({ type: TemplateDto })
  put(
    @Param() path: TemplatePathDto,
    @Body() body: TemplateBodyDto,
    @ClinicId() clinicId: string,
  ): Promise<TemplateDto> {
    return this.templates.put(clinicId, { ...path, subject: body.subject, body: body.body });
  }

  @Delete(':kind/:language')
  @HttpCode(204)
  @ApiOperation({ summary: 'Back to the built-in default' })
  remove(@Param() path: TemplatePathDto, @ClinicId() clinicId: string): Promise<void> {
    return this.templates.remove(clinicId, path.kind, path.language);
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Render a template with sample variables (HTML escaped)' })
  @ApiOkResponse({ type: PreviewDto })
  preview(@Body() body: PreviewRequestDto, @ClinicId() clinicId: string): Promise<PreviewDto> {
    return this.templates.preview(clinicId, body);
  }
}
