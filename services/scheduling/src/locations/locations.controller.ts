import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import { definedChanges } from '../http/patch-fields';
import { pageRequest } from '../persistence/keyset-page';
import { PageQueryDto } from '../shared/page-query.dto';
import { tenantOf } from '../shared/tenant';
import { CreateLocationDto, LocationDto, LocationPageDto, UpdateLocationDto } from './location.dto';
import { LocationsRepository } from './locations.repository';

@ApiTags('locations')
@Controller('v1/locations')
export class LocationsController {
  constructor(private readonly locations: LocationsRepository) {}

  @Get()
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({ summary: "List the clinic's locations by name" })
  @ApiOkResponse({ type: LocationPageDto })
  async list(
    @Query() query: PageQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<LocationPageDto> {
    const page = await this.locations.list(tenantOf(principal), pageRequest(query));
    return { items: page.items.map(LocationDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({ summary: 'Read a location' })
  @ApiOkResponse({ type: LocationDto })
  async get(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<LocationDto> {
    return LocationDto.from(await this.locations.get(tenantOf(principal), id));
  }

  @Post()
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Add a location' })
  @ApiCreatedResponse({ type: LocationDto })
  async create(
    @Body() body: CreateLocationDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<LocationDto> {
    return LocationDto.from(await this.locations.create(tenantOf(principal), body));
  }

  @Patch(':id')
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Rename a location or change its address' })
  @ApiOkResponse({ type: LocationDto })
  async update(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: UpdateLocationDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<LocationDto> {
    return LocationDto.from(await this.locations.update(tenantOf(principal), id, definedChanges(body)));
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Remove a location no calendar is placed at (409 scheduling.location_in_use)' })
  @ApiNoContentResponse()
  async delete(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.locations.delete(tenantOf(principal), id);
  }
}
