import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '@carebus/platform';
import { UNAVAILABLE_KINDS, type UnavailableKind } from './unavailable-time';

export class CreateUnavailableTimeDto {
  @ApiProperty({
    format: 'date-time',
    example: '2026-03-02T11:00:00+01:00',
    description: 'Inclusive; with an offset',
  })
  @IsString()
  @MaxLength(40)
  start!: string;

  @ApiProperty({
    format: 'date-time',
    example: '2026-03-02T11:30:00+01:00',
    description: 'Exclusive; after start',
  })
  @IsString()
  @MaxLength(40)
  end!: string;

  @ApiProperty({ enum: UNAVAILABLE_KINDS })
  @IsIn(UNAVAILABLE_KINDS)
  kind!: UnavailableKind;

  @ApiPropertyOptional({ maxLength: 500, example: 'Lunch', description: 'Shown to clinic users only' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class UnavailableTimeListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Only time ending after this instant (with both from and to)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only time starting before this instant' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;
}

export class UnavailableTimeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) calendarId!: string;
  @ApiProperty({ format: 'date-time', description: 'Inclusive' }) start!: string;
  @ApiProperty({ format: 'date-time', description: 'Exclusive' }) end!: string;
  @ApiProperty({ enum: UNAVAILABLE_KINDS }) kind!: UnavailableKind;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: ['clinic', 'ehr_import'] }) source!: 'clinic' | 'ehr_import';
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class UnavailableTimePageDto {
  @ApiProperty({ type: [UnavailableTimeDto] }) items!: UnavailableTimeDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` to read the next page' })
  nextCursor!: string | null;
}
