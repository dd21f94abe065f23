import { ApiProperty } from '@nestjs/swagger';
import type { RotationStatus } from './kek-rotation';

export class RewrapFailureDto {
  @ApiProperty({ format: 'uuid' }) clinicId!: string;
  @ApiProperty({ example: 'ehrsync.key_integrity_failed' }) code!: string;
}

export class RewrapRunDto {
  @ApiProperty({ enum: ['idle', 'running', 'finished'] }) state!: 'idle' | 'running' | 'finished';
  @ApiProperty() targetKekVersion!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finishedAt!: string | null;
  @ApiProperty() rewrapped!: number;
  @ApiProperty({ type: RewrapFailureDto, isArray: true }) failures!: RewrapFailureDto[];
}

export class RotationStatusDto {
  @ApiProperty() activeKekVersion!: string;
  @ApiProperty({ type: String, isArray: true }) configuredKekVersions!: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Keys per KEK version over every clinic.',
  })
  keysByKekVersion!: Record<string, number>;
  @ApiProperty({
    type: String,
    isArray: true,
    description: 'Configured versions that wrap no key any more: safe to remove from EHR_SYNC_KEKS.',
  })
  retirableKekVersions!: string[];
  @ApiProperty() keysUnderUnknownKekVersions!: number;
  @ApiProperty({ type: RewrapRunDto, description: "This replica's last or current rewrap." })
  run!: RewrapRunDto;
}

export function rotationDto(s: RotationStatus): RotationStatusDto {
  return {
    ...s,
    run: {
      ...s.run,
      startedAt: s.run.startedAt?.toISOString() ?? null,
      finishedAt: s.run.finishedAt?.toISOString() ?? null,
    },
  };
}
