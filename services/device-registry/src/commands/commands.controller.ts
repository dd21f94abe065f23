import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuditedResource } from '@carebus/audit';
import { ClinicId, CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import { ComputerProof } from '../devices/computer-proof';
import { CommandAcceptedDto, CommandDto, commandRequestOf, SendCommandBodyDto } from './commands.dto';
import { ReadCommandUseCase } from './read-command.use-case';
import { SendCommandUseCase } from './send-command.use-case';

/** Work sent to a device and its result (docs/device-registry.md#commands). */
@ApiTags('Device commands')
@ApiBearerAuth()
@Roles('clinic_admin', 'practitioner', 'staff')
@AuditedResource('device_command')
@Controller('v1')
export class CommandsController {
  constructor(
    private readonly send: SendCommandUseCase,
    private readonly read: ReadCommandUseCase,
    private readonly proof: ComputerProof,
  ) {}

  @Post('devices/:id/commands')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a command to a device; the result follows over GET and as devices.command.v1 events',
    description:
      'payment: to a clinic device service, by staff or clinic admins. patient_lookup: to a workstation service, by the practitioner at that computer (Carebus-Computer proof required). 403 devices.command_forbidden otherwise.',
  })
  @ApiHeader({
    name: 'Carebus-Computer',
    required: false,
    description: "The local workstation service's proof",
  })
  @ApiAcceptedResponse({ type: CommandAcceptedDto })
  async sendCommand(
    @Param('id', ParseUuidPipe) deviceId: string,
    @Body() body: SendCommandBodyDto,
    @Headers('carebus-computer') proofHeader: string | undefined,
    @ClinicId() clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandAcceptedDto> {
    const actor = { clinicId, principal };
    const request = commandRequestOf(body);
    const computer = proofHeader ? await this.proof.verify(actor, proofHeader) : null;
    const { command, replayed } = await this.send.execute({
      actor,
      deviceId,
      idempotencyId: body.idempotencyId.toLowerCase(),
      request,
      ...(body.deadlineSeconds !== undefined ? { deadlineMs: body.deadlineSeconds * 1000 } : {}),
      computer,
    });
    return { commandId: command.id, status: command.status, replayed };
  }

  @Get('device-commands/:id')
  @ApiOperation({
    summary: "A command's status and result",
    description:
      'Payments: staff and clinic admins. Patient lookups: only the practitioner who sent it (audited).',
  })
  @ApiOkResponse({ type: CommandDto })
  async readCommand(
    @Param('id', ParseUuidPipe) id: string,
    @ClinicId() clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandDto> {
    return CommandDto.from(await this.read.execute({ clinicId, principal }, id));
  }
}
