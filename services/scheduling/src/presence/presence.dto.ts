import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { PresenceStatus } from './presence';

export class HeartbeatRequest {
  @ApiProperty({ enum: ['online', 'in_call'] })
  @IsIn(['online', 'in_call'])
  status!: 'online' | 'in_call';
}

export class PresenceDto {
  @ApiProperty({ format: 'uuid' }) practitionerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['online', 'in_call', 'offline'] }) status!: PresenceStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastSeenAt!: string | null;
}
