import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { invalidStaffContact, invalidUserId } from '../notifications.errors';
import { STAFF_CHANNELS, type StaffChannel, type StaffMember } from './staff-directory.repository';

export class StaffMemberBodyDto {
  @ApiPropertyOptional({ example: 'admin@storgata-lege.no', nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({ example: '+4791234567', nullable: true })
  @IsOptional()
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'phone must be an E.164 number such as +4791234567' })
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string | null;

  @ApiPropertyOptional({
    enum: STAFF_CHANNELS,
    isArray: true,
    description: 'Channels opted in to for notices of new dialogues in their inboxes; none when left out.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(STAFF_CHANNELS.length)
  @IsIn(STAFF_CHANNELS, { each: true })
  dialogueChannels?: StaffChannel[];
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

/** The entry a PUT asks for: an address at least, and one for every channel opted in to. */
export function staffMemberOf(userId: string, body: StaffMemberBodyDto): StaffMember {
  const member: StaffMember = {
    userId: staffUserId(userId),
    email: body.email ?? null,
    phone: body.phone ?? null,
    name: body.name ?? null,
    dialogueChannels: [...new Set(body.dialogueChannels ?? [])],
  };
  if (!member.email && !member.phone) throw invalidStaffContact('email', 'email or phone is required');
  if (member.dialogueChannels.includes('email') && !member.email)
    throw invalidStaffContact('email', 'email is required to opt in to e-mail');
  if (member.dialogueChannels.includes('sms') && !member.phone)
    throw invalidStaffContact('phone', 'phone is required to opt in to SMS');
  return member;
}
