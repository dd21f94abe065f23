import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ClinicId, CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { pageRequest } from '@carebus/persistence';
import { ParseUuidPipe } from '@carebus/platform';
import { ComputerProof } from './computer-proof';
import { DeviceDto, DevicePageDto, ListDevicesQueryDto, RenameDeviceBodyDto } from './devices.dto';
import { ReadDevicesUseCase, type DeviceView } from './read-devices.use-case';
import { RemoveDeviceUseCase } from './remove-device.use-case';
import { RenameDeviceUseCase } from './rename-device.use-case';

const CLINIC_USERS = ['clinic_admin', 'practitioner', 'staff'] as const;
const ADMIN_NOTE = 'Clinic admins only (403 devices.admin_only otherwise, audited); every change is audited.';

/** The clinic's agents: both views, naming and removal (docs/device-registry.md). */
@ApiTags('Devices')
@ApiBearerAuth()
@Roles(...CLINIC_USERS)
@Controller('v1/devices')
export class DevicesController {
  constructor(
    private readonly read: ReadDevicesUseCase,
    private readonly rename: RenameDeviceUseCase,
    private readonly remove: RemoveDeviceUseCase,
    private readonly proof: ComputerProof,
  ) {}

  @Get()
  @ApiOperation({
    summary: "The clinic's devices, oldest enrolment first; `view` splits them by the caller's computer",
    description: 'Every clinic user (read-only). Another clinic sees none of them.',
  })
  @ApiHeader({
    name: 'Carebus-Computer',
    required: false,
    description: "The local workstation service's proof (GET http://127.0.0.1:47615/whoami)",
  })
  @ApiOkResponse({ type: DevicePageDto })
  async listDevices(
    @Query() query: ListDevicesQueryDto,
    @Headers('carebus-computer') proofHeader: string | undefined,
    @ClinicId() clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DevicePageDto> {
    const actor = { clinicId, principal };
    const computerId = proofHeader ? await this.proof.verify(actor, proofHeader) : (query.computer ?? null);
    const computer = computerId ? await this.read.read(actor, computerId) : null;
    let view: DeviceView = { kind: 'all' };
    if (query.view && computer) view = { kind: query.view, computer };
    else if (query.view === 'this_computer') {
      return { items: [], nextCursor: null };
    }
    const page = await this.read.list(actor, view, query.state === 'needs_name', pageRequest(query));
    return {
      items: page.items.map((d) => DeviceDto.from(d, computer?.machineId ?? null)),
      nextCursor: page.nextCursor,
    };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One device with its component statuses',
    description: 'Every clinic user (read-only).',
  })
  @ApiOkResponse({ type: DeviceDto })
  async readDevice(
    @Param('id', ParseUuidPipe) id: string,
    @ClinicId() clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DeviceDto> {
    return DeviceDto.from(await this.read.read({ clinicId, principal }, id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Name or rename a device (a needs_name device becomes active)',
    description: ADMIN_NOTE,
  })
  @ApiOkResponse({ type: DeviceDto })
  async renameDevice(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: RenameDeviceBodyDto,
    @ClinicId() clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DeviceDto> {
    return DeviceDto.from(await this.rename.execute({ clinicId, principal }, id, body.name.trim()));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a device: its next call and its open command stream are refused within a second',
    description: ADMIN_NOTE,
  })
  @ApiNoContentResponse()
  async removeDevice(
    @Param('id', ParseUuidPipe) id: string,
    @ClinicId() clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.remove.execute({ clinicId, principal }, id);
  }
}
