import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { AuditedResource } from '@carebus/audit';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import { TEMPLATE_KINDS, type Template, type TemplateKind } from './templates.repository';
import { TemplatesUseCase } from './templates.use-case';

const PLACEHOLDERS = 'Placeholders: {{appointment_type}}, {{date}}, {{time}} (automatic dialogues).';

export class CreateTemplateBodyDto {
  @ApiProperty({ maxLength: 120 }) @IsString() @MinLength(1) @MaxLength(120) name!: string;
  @ApiProperty({ enum: TEMPLATE_KINDS }) @IsIn(TEMPLATE_KINDS) kind!: TemplateKind;
  @ApiProperty({ maxLength: 200, description: PLACEHOLDERS })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  subject!: string;
  @ApiProperty({ maxLength: 20000, description: PLACEHOLDERS })
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  body!: string;
}

export class TemplateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: TEMPLATE_KINDS }) kind!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() body!: string;

  static from(t: Template): TemplateDto {
    return { id: t.id, name: t.name, kind: t.kind, subject: t.subject, body: t.body };
  }
}

export class TemplateListDto {
  @ApiProperty({ type: [TemplateDto] }) items!: TemplateDto[];
}

export class AutoDialogueBodyDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() templateId!: string;
}

/** Message templates and automatic dialogues per booked appointment type. */
@ApiTags('Templates')
@ApiBearerAuth()
@Roles('clinic_admin', 'practitioner', 'staff')
@AuditedResource('template')
@Controller('v1/clinics/:clinicId/messaging')
export class TemplatesController {
  constructor(private readonly templates: TemplatesUseCase) {}

  @Get('templates')
  @ApiOperation({ summary: "The clinic's message templates" })
  @ApiOkResponse({ type: TemplateListDto })
  async listTemplates(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return { items: (await this.templates.list({ clinicId, principal })).map((t) => TemplateDto.from(t)) };
  }

  @Post('templates')
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Create a template (clinic admins; audited)' })
  @ApiCreatedResponse({ type: TemplateDto })
  async createTemplate(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Body() body: CreateTemplateBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TemplateDto> {
    return TemplateDto.from(await this.templates.create({ clinicId, principal }, body));
  }

  @Put('auto-dialogues/:appointmentTypeId')
  @Roles('clinic_admin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Send this template automatically when an appointment of the type is booked (once per booking)',
  })
  @ApiNoContentResponse()
  async setAutoDialogue(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('appointmentTypeId', ParseUuidPipe) appointmentTypeId: string,
    @Body() body: AutoDialogueBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.templates.setAutoDialogue({ clinicId, principal }, appointmentTypeId, body.templateId);
  }
}
