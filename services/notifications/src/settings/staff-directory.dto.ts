import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length } from 'class-validator';
import { invalidUserId } from '../notifications.errors';

export class StaffMemberBodyDto {
  @ApiProperty({ example: 'admin@storgata-lege.no' })
  @IsEmail()
  email!: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string | null;
}

export class StaffMemberDto extends StaffMemberBodyDto {
  @ApiProperty({ description: 'Principal subject of the clinic user' })
  userId!: string;
}

/** A staff user id from the path: a principal subject, never free text. */
export function staffUserId(userId: string): string {
  if (!/^[\w.@:|-]{1,200}$/.test(userId)) throw invalidUserId();
  return userId;
}
