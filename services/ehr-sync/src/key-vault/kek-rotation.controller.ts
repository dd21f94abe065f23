import { Controller, Get, HttpCode, Logger, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { KekRotation } from './kek-rotation';
import { rotationDto, RotationStatusDto } from './kek-rotation.dto';

/** Operators rotate the key-encryption key: rewrap every clinic's key under the active version. */
@ApiTags('key vault (operators)')
@ApiBearerAuth()
@Roles('operator')
@Controller('v1/admin/key-vault/rotation')
export class KekRotationController {
  private readonly logger = new Logger('KekRotation');

  constructor(private readonly rotation: KekRotation) {}

  @Get()
  @ApiOperation({ summary: 'Keys per KEK version, the versions that may be retired, and the rewrap run' })
  @ApiOkResponse({ type: RotationStatusDto })
  async status(): Promise<RotationStatusDto> {
    return rotationDto(await this.rotation.status());
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Start rewrapping every key not under the active KEK version (online; a running rewrap continues)',
  })
  @ApiAcceptedResponse({ type: RotationStatusDto })
  async start(@CurrentPrincipal() principal: Principal): Promise<RotationStatusDto> {
    this.logger.log({ subject: principal.subject }, 'KEK rewrap requested');
    return rotationDto(await this.rotation.start());
  }
}
