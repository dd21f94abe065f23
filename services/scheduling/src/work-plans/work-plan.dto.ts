import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { UnlessAbsent } from '../shared/patch-fields';
import { PageQueryDto } from '@carebus/platform';
import type { WorkPlan } from './work-plan';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateMessage = { message: '$property must be a date, YYYY-MM-DD' };

export class CreateWorkPlanDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  weekTemplateId!: string;

  @ApiProperty({ format: 'date', example: '2026-01-05', description: 'First day, inclusive' })
  @Matches(DATE, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  validFrom!: string;

  @ApiProperty({ format: 'date', example: '2026-06-30', description: 'Last day, inclusive' })
  @Matches(DATE, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  validTo!: string;
}

/** Move either end of a plan, e.g. to end it early; overlaps with the calendar's other plans: 409. */
export class UpdateWorkPlanDto {
  @ApiPropertyOptional({ format: 'date' })
  @UnlessAbsent()
  @Matches(DATE, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  validFrom?: string;

  @ApiPropertyOptional({ format: 'date' })
  @UnlessAbsent()
  @Matches(DATE, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  validTo?: string;
}

export class WorkPlanListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'Only plans valid on or after this date' })
  @IsOptional()
  @Matches(DATE, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Only plans valid on or before this date' })
  @IsOptional()
  @Matches(DATE, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  to?: string;
}

export class WorkPlanDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) calendarId!: string;
  @ApiProperty({ format: 'uuid' }) weekTemplateId!: string;
  @ApiProperty({ format: 'date' }) validFrom!: string;
  @ApiProperty({ format: 'date' }) validTo!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(plan: WorkPlan): WorkPlanDto {
    return {
      id: plan.id,
      calendarId: plan.calendarId,
      weekTemplateId: plan.weekTemplateId,
      validFrom: plan.validFrom,
      validTo: plan.validTo,
      createdAt: plan.createdAt.toISOString(),
    };
  }
}

export class WorkPlanPageDto {
  @ApiProperty({ type: [WorkPlanDto] }) items!: WorkPlanDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` to read the next page' })
  nextCursor!: string | null;
}
