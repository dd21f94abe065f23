import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { UnlessAbsent } from '../shared/patch-fields';
import type { Location } from './location';

export class CreateLocationDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Storgata 1, 2. etasje' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, example: 'Storgata 1, 0155 Oslo' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string | null;
}

export class UpdateLocationDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @UnlessAbsent()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, description: 'null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string | null;
}

export class LocationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  address!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  static from(location: Location): LocationDto {
    return {
      id: location.id,
      name: location.name,
      address: location.address,
      createdAt: location.createdAt.toISOString(),
    };
  }
}

export class LocationPageDto {
  @ApiProperty({ type: [LocationDto] })
  items!: LocationDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` to read the next page' })
  nextCursor!: string | null;
}
