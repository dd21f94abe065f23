import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import type { WeekTemplate, WeekTemplateBlock } from './week-template';

const WALL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export class WeekTemplateBlockDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday: Monday = 1 … Sunday = 7' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday!: number;

  @ApiProperty({ example: '08:00', description: "Local wall-clock time in the clinic's time zone, 'HH:mm'" })
  @Matches(WALL_TIME, { message: "start must be 'HH:mm' (00:00–23:59)" })
  start!: string;

  @ApiProperty({ example: '11:30', description: "'HH:mm', after start on the same day" })
  @Matches(WALL_TIME, { message: "end must be 'HH:mm' (00:00–23:59)" })
  end!: string;

  @ApiProperty({ format: 'uuid', description: "One of the clinic's non-archived appointment types" })
  @IsUUID()
  appointmentTypeId!: string;

  static from(block: WeekTemplateBlock): WeekTemplateBlockDto {
    return {
      weekday: block.weekday,
      start: block.startTime.slice(0, 5),
      end: block.endTime.slice(0, 5),
      appointmentTypeId: block.appointmentTypeId,
    };
  }
}

/** The whole template: created and replaced as one. */
export class WeekTemplateInputDto {
  @ApiProperty({ minLength: 1, maxLength: 120, example: 'Standard week' })
  @IsString()
  @Length(1, 120)
  name!: string;

  @ApiProperty({
    type: [WeekTemplateBlockDto],
    maxItems: 500,
    description: 'No two may overlap on a weekday',
  })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => WeekTemplateBlockDto)
  blocks!: WeekTemplateBlockDto[];
}

export class WeekTemplateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [WeekTemplateBlockDto], description: 'By weekday, then start' })
  blocks!: WeekTemplateBlockDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(template: WeekTemplate, blocks: WeekTemplateBlock[]): WeekTemplateDto {
    return {
      id: template.id,
      name: template.name,
      blocks: blocks.map(WeekTemplateBlockDto.from),
      createdAt: template.createdAt.toISOString(),
    };
  }
}

export class WeekTemplatePageDto {
  @ApiProperty({ type: [WeekTemplateDto] }) items!: WeekTemplateDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` to read the next page' })
  nextCursor!: string | null;
}
