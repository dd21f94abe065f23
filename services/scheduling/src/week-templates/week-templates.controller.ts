import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import { pageRequest } from '../persistence/keyset-page';
import { PageQueryDto } from '../shared/page-query.dto';
import { tenantOf } from '../shared/tenant';
import { WeekTemplateDto, WeekTemplateInputDto, WeekTemplatePageDto } from './week-template.dto';
import { WeekTemplatesRepository, type WeekTemplateWithBlocks } from './week-templates.repository';

const toDto = ({ template, blocks }: WeekTemplateWithBlocks) => WeekTemplateDto.from(template, blocks);

@ApiTags('week-templates')
@Controller('v1/week-templates')
export class WeekTemplatesController {
  constructor(private readonly templates: WeekTemplatesRepository) {}

  @Get()
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({ summary: 'List week templates with their blocks, by name' })
  @ApiOkResponse({ type: WeekTemplatePageDto })
  async list(
    @Query() query: PageQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WeekTemplatePageDto> {
    const page = await this.templates.list(tenantOf(principal), pageRequest(query));
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({ summary: 'Read a week template with its blocks' })
  @ApiOkResponse({ type: WeekTemplateDto })
  async get(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WeekTemplateDto> {
    return toDto(await this.templates.get(tenantOf(principal), id));
  }

  @Post()
  @Roles('clinic_admin')
  @ApiOperation({
    summary: 'Create a week template with its blocks',
    description:
      'Overlapping blocks on a weekday: 422 scheduling.week_template_blocks_overlap; unknown or archived types: 422.',
  })
  @ApiCreatedResponse({ type: WeekTemplateDto })
  async create(
    @Body() body: WeekTemplateInputDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WeekTemplateDto> {
    return toDto(await this.templates.create(tenantOf(principal), body));
  }

  @Put(':id')
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Replace a week template (name and all blocks) as a whole' })
  @ApiOkResponse({ type: WeekTemplateDto })
  async replace(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: WeekTemplateInputDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WeekTemplateDto> {
    return toDto(await this.templates.replace(tenantOf(principal), id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Delete a template no work plan applies (409 scheduling.week_template_in_use)' })
  @ApiNoContentResponse()
  async delete(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.templates.delete(tenantOf(principal), id);
  }
}
