import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
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
import { definedChanges } from '../shared/patch-fields';
import { CreateLocationDto, LocationDto, LocationPageDto, UpdateLocationDto } from './location.dto';
import { LocationsService } from './locations.service';

@ApiTags('locations')
@Controller('v1/locations')
export class LocationsController {
  constructor(private readonly locations: LocationsService) {}

  @Get()
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({ summary: "List the clinic's locations by name" })
  @ApiOkResponse({ type: LocationPageDto })
  async list(@Query() query: PageQueryDto, @ClinicId() clinicId: string): Promise<LocationPageDto> {
    const page = await this.locations.list(clinicId, pageRequest(query));
    return { items: page.items.map(LocationDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({ summary: 'Read a location' })
  @ApiOkResponse({ type: LocationDto })
  async get(@Param('id', ParseUuidPipe) id: string, @ClinicId() clinicId: string): Promise<LocationDto> {
    return LocationDto.from(await this.locations.get(clinicId, id));
  }

  @Post()
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Add a location' })
  @ApiCreatedResponse({ type: LocationDto })
  async create(@Body() body: CreateLocationDto, @ClinicId() clinicId: string): Promise<LocationDto> {
    return LocationDto.from(await this.locations.create(clinicId, body));
  }

  @Patch(':id')
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Rename a location or change its address' })
  @ApiOkResponse({ type: LocationDto })
  async update(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: UpdateLocationDto,
    @ClinicId() clinicId: string,
  ): Promise<LocationDto> {
    return LocationDto.from(await this.locations.update(clinicId, id, definedChanges(body)));
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Remove a location no calendar is placed at (409 scheduling.location_in_use)' })
  @ApiNoContentResponse()
  async delete(@Param('id', ParseUuidPipe) id: string, @ClinicId() clinicId: string): Promise<void> {
    await this.locations.delete(clinicId, id);
  }
}
