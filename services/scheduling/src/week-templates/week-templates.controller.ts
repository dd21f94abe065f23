import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ClinicId, Roles } from '@carebus/auth';
import { pageRequest } from '@carebus/persistence';
import { PageQueryDto, ParseUuidPipe } from '@carebus/platform';
import { WeekTemplateDto, WeekTemplateInputDto, WeekTemplatePageDto } from './week-template.dto';
import type { WeekTemplateWithBlocks } from './week-template';
import { WeekTemplatesService } from './week-templates.service';

const toDto = ({ template, blocks }: WeekTemplateWithBlocks) => WeekTemplateDto.from(template, blocks);

@ApiTags('week-templates')
@Controller('v1/week-templates')
export class WeekTemplatesController {
  constructor(private readonly templates: WeekTemplatesService) {}

  @Get()
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({ summary: 'List week templates with their blocks, by name' })
  @ApiOkResponse({ type: WeekTemplatePageDto })
  async list(@Query() query: PageQueryDto, @ClinicId() clinicId: string): Promise<WeekTemplatePageDto> {
    const page = await this.templates.list(clinicId, pageRequest(query));
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({ summary: 'Read a week template with its blocks' })
  @ApiOkResponse({ type: WeekTemplateDto })
  async get(@Param('id', ParseUuidPipe) id: string, @ClinicId() clinicId: string): Promise<WeekTemplateDto> {
    return toDto(await this.templates.get(clinicId, id));
  }

  @Post()
  @Roles('clinic_admin')
  @ApiOperation({
    summary: 'Create a week template with its blocks',
    description:
      'Overlapping blocks on a weekday: 422 scheduling.week_template_blocks_overlap; unknown or archived types: 422.',
  })
  @ApiCreatedResponse({ type: WeekTemplateDto })
  async create(@Body() body: WeekTemplateInputDto, @ClinicId() clinicId: string): Promise<WeekTemplateDto> {
    return toDto(await this.templates.create(clinicId, body));
  }

  @Put(':id')
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Replace a week template (name and all blocks) as a whole' })
  @ApiOkResponse({ type: WeekTemplateDto })
  async replace(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: WeekTemplateInputDto,
    @ClinicId() clinicId: string,
  ): Promise<WeekTemplateDto> {
    return toDto(await this.templates.replace(clinicId, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Delete a template no work plan applies (409 scheduling.week_template_in_use)' })
  @ApiNoContentResponse()
  async delete(@Param('id', ParseUuidPipe) id: string, @ClinicId() clinicId: string): Promise<void> {
    await this.templates.delete(clinicId, id);
  }
}
