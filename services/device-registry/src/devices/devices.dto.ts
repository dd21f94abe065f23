import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '@carebus/platform';
import {
  AGENT_KINDS,
  COMPONENT_STATES,
  CONNECTIVITIES,
  DEVICE_STATES,
  type AgentKindName,
  type ComponentStateName,
  type ConnectivityName,
  type Device,
  type DeviceStateName,
} from './device';

export const DEVICE_VIEWS = ['this_computer', 'other'] as const;

export class ListDevicesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: DEVICE_VIEWS,
    description:
      'this_computer: the devices on the computer named by the Carebus-Computer proof (or `computer`); other: every other device of the clinic. All live devices when absent.',
  })
  @IsOptional()
  @IsIn(DEVICE_VIEWS)
  view?: (typeof DEVICE_VIEWS)[number];

  @ApiPropertyOptional({
    format: 'uuid',
    description: "The local workstation service's device id, when no proof is sent",
  })
  @IsOptional()
  @IsUUID()
  computer?: string;

  @ApiPropertyOptional({ enum: ['needs_name'], description: 'Only devices waiting for a name' })
  @IsOptional()
  @IsIn(['needs_name'])
  state?: 'needs_name';
}

export class RenameDeviceBodyDto {
  @ApiProperty({
    description: 'Name every clinic user sees, e.g. "Reception terminal"',
    minLength: 1,
    maxLength: 100,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/^[\p{L}\p{N}\p{P}\p{S} ]*\S[\p{L}\p{N}\p{P}\p{S} ]*$/u, {
    message: 'name must be printable text',
  })
  name!: string;
}

export class ComponentStatusDto {
  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: COMPONENT_STATES })
  state!: ComponentStateName;

  @ApiProperty({ description: 'Short operator text; empty when none' })
  reason!: string;
}

export class DeviceDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: AGENT_KINDS })
  kind!: AgentKindName;

  @ApiProperty({ enum: DEVICE_STATES.filter((s) => s !== 'removed') })
  state!: DeviceStateName;

  @ApiProperty({ nullable: true, type: String, description: 'Admin-given name; null while needs_name' })
  name!: string | null;

  @ApiProperty()
  hostname!: string;

  @ApiProperty({ description: 'The computer it runs on (the agent machine id)' })
  computer!: string;

  @ApiProperty()
  agentVersion!: string;

  @ApiProperty({ enum: CONNECTIVITIES })
  connectivity!: ConnectivityName;

  @ApiProperty({ type: [ComponentStatusDto] })
  components!: ComponentStatusDto[];

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  lastHeartbeatAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  enrolledAt!: string;

  @ApiProperty({ description: "True when this is the caller's own computer's device (this_computer view)" })
  onThisComputer!: boolean;

  static from(d: Device, computer: string | null = null): DeviceDto {
    return {
      id: d.id,
      kind: d.kind,
      state: d.state,
      name: d.name,
      hostname: d.hostname,
      computer: d.machineId,
      agentVersion: d.agentVersion,
      connectivity: d.connectivity,
      components: d.components.map((c) => ({ ...c })),
      lastHeartbeatAt: d.lastHeartbeatAt?.toISOString() ?? null,
      enrolledAt: d.enrolledAt.toISOString(),
      onThisComputer: computer !== null && d.machineId === computer,
    };
  }
}

export class DevicePageDto {
  @ApiProperty({ type: [DeviceDto] })
  items!: DeviceDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}
