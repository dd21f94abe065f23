import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { invalidSek } from '../ehr-sync.errors';
import { decodeKey } from '@carebus/crypto';
import type { KeyFacts } from './shared-key';
import type { ViewedKey } from './view-key.use-case';

const SEK_TEXT = /^[A-Za-z0-9+/_-]{43}=?$/;
const SEK_DESCRIPTION = "The clinic's shared encryption key: 32 bytes in base64 (standard or URL-safe).";

export class StoreKeyBodyDto {
  @ApiProperty({ description: SEK_DESCRIPTION, example: 'q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=' })
  @IsString()
  @Matches(SEK_TEXT, { message: 'key must be base64 (standard or URL-safe) of exactly 32 bytes' })
  key!: string;
}

export class ReplaceKeyBodyDto extends StoreKeyBodyDto {
  @ApiPropertyOptional({ description: 'The key version last seen; a different current version answers 409.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  expectedVersion?: number;
}

export class KeyFactsDto {
  @ApiProperty({ format: 'uuid' }) clinicId!: string;
  @ApiProperty({ format: 'uuid', description: 'Changes with every replace.' }) keyId!: string;
  @ApiProperty({ description: 'The key-encryption key version that wraps the key.' }) kekVersion!: string;
  @ApiProperty({ description: '1 when stored, one more with every replace.' }) version!: number;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) replacedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) replacedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) rewrappedAt!: string | null;
}

export class ViewedKeyDto extends KeyFactsDto {
  @ApiProperty({ description: SEK_DESCRIPTION }) key!: string;
}

/** The 32 key bytes a body carries (the DTO checked the text; the length is checked here). */
export function sekOf(body: StoreKeyBodyDto): Buffer {
  const sek = decodeKey(body.key);
  if (!sek) throw invalidSek();
  return sek;
}

export function factsDto(f: KeyFacts): KeyFactsDto {
  return {
    clinicId: f.clinicId,
    keyId: f.keyId,
    kekVersion: f.kekVersion,
    version: f.version,
    createdBy: f.createdBy,
    createdAt: f.createdAt.toISOString(),
    replacedBy: f.replacedBy,
    replacedAt: f.replacedAt?.toISOString() ?? null,
    rewrappedAt: f.rewrappedAt?.toISOString() ?? null,
  };
}

export function viewedDto(v: ViewedKey): ViewedKeyDto {
  return { ...factsDto(v), key: v.sek.toString('base64') };
}
