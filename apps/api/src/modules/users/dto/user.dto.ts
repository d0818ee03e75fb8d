import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength } from 'class-validator';
import { SortParam, UuidListFilter } from '../../../core/list/list-filters.js';
import { PageQueryDto } from '../../../core/list/page-query.dto.js';
import { Absent } from '../../../core/http/validation.js';
import { type Locale, LOCALES, type User } from '../user.entity.js';
import { IsTimeZone } from './is-time-zone.js';
import { PageOf } from '../../../core/list/page.dto.js';
import { VersionedRecordDto, versionedFields } from '../../../core/records/record.dto.js';

export const USER_SORT_FIELDS = ['name', 'createdAt'] as const;

export class CreateUserDto {
  @ApiProperty({ format: 'email', maxLength: 254, description: 'Unique, whatever the letter case' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Anna Bērziņa' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ minLength: 8, maxLength: 200, description: 'Initial password; tell it to the user' })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password: string;

  @ApiProperty({ format: 'uuid', description: 'A role granting nothing beyond your own' })
  @IsUUID()
  roleId: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  teamId?: string | null;

  @ApiPropertyOptional({ enum: LOCALES, default: 'en' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ example: 'Europe/Riga', default: 'UTC', description: 'IANA time zone' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @Absent()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'null takes the user out of any team' })
  @IsOptional()
  @IsUUID()
  teamId?: string | null;

  @ApiPropertyOptional({ format: 'uuid' })
  @Absent()
  @IsUUID()
  roleId?: string;

  @ApiPropertyOptional({ enum: LOCALES })
  @Absent()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ example: 'Europe/Riga', description: 'IANA time zone' })
  @Absent()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ description: 'false disables sign-in and API keys and ends the user\'s sessions; users are never deleted' })
  @Absent()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ minLength: 8, maxLength: 200, description: 'Sets a new password and ends the user\'s sessions' })
  @Absent()
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'The version being changed; or send If-Match' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'Text to look for in names and emails' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @UuidListFilter('Only users of these teams')
  teamId?: string[];

  @UuidListFilter('Only users with these roles')
  roleId?: string[];

  @ApiPropertyOptional({ type: Boolean, description: 'Only active (true) or deactivated (false) users' })
  @IsOptional()
  // Query strings carry text; only the two spellings of a boolean are accepted.
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;

  @SortParam(USER_SORT_FIELDS, 'name')
  sort?: string;
}

export class UserDto extends VersionedRecordDto {
  @ApiProperty({ format: 'email' })
  email: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: LOCALES })
  locale: string;

  @ApiProperty({ example: 'Europe/Riga', description: 'IANA time zone' })
  timeZone: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  teamId: string | null;

  @ApiProperty({ format: 'uuid' })
  roleId: string;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ description: 'Wants an e-mail copy of each task reminder; set by the user through PATCH /auth/me' })
  emailReminders: boolean;



}

export class UserPageDto extends PageOf(UserDto) {}

export function toUserDto(user: User): UserDto {
  return {
    ...versionedFields(user),
    email: user.email,
    name: user.name,
    locale: user.locale,
    timeZone: user.timeZone,
    teamId: user.teamId,
    roleId: user.roleId,
    active: user.active,
    emailReminders: user.emailReminders,
  };
}
