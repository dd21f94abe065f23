import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { UnlessAbsent } from '../shared/patch-fields';
import { PageQueryDto } from '@carebus/platform';
import { PROFESSIONS, type Practitioner, type Profession } from './practitioner';

export class CreatePractitionerDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Dr. Kari Nordmann' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: PROFESSIONS })
  @IsIn(PROFESSIONS)
  profession!: Profession;
}

export class UpdatePractitionerDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @UnlessAbsent()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ enum: PROFESSIONS })
  @UnlessAbsent()
  @IsIn(PROFESSIONS)
  profession?: Profession;

  @ApiPropertyOptional({ description: 'true reactivates a deactivated practitioner' })
  @UnlessAbsent()
  @IsBoolean()
  active?: boolean;
}

export class PractitionerListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only active (true) or only deactivated (false) practitioners' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

export class PractitionerDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: PROFESSIONS })
  profession!: Profession;

  @ApiProperty()
  active!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  static from(p: Practitioner): PractitionerDto {
    return {
      id: p.id,
      name: p.name,
      profession: p.profession,
      active: p.active,
      createdAt: p.createdAt.toISOString(),
    };
  }
}

export class PractitionerPageDto {
  @ApiProperty({ type: [PractitionerDto] })
  items!: PractitionerDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` to read the next page' })
  nextCursor!: string | null;
}
