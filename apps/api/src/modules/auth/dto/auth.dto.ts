import { ACTIONS, ENTITIES, LEVELS, type PermissionMatrix } from '@crm/permissions';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { UserDto } from '../../users/dto/user.dto.js';
import { LOCALES } from '../../users/user.entity.js';
import { IsTimeZone } from '../../users/dto/is-time-zone.js';

export class LoginDto {
  @ApiProperty({ format: 'email', example: 'admin@demo.crm' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'demo-password', minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from login or the previous refresh' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  refreshToken: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'Short-lived JWT for `Authorization: Bearer`' })
  accessToken: string;

  @ApiProperty({ format: 'date-time' })
  accessTokenExpiresAt: string;

  @ApiProperty({ description: 'Single-use token for `POST /auth/refresh`; keep it secret' })
  refreshToken: string;

  @ApiProperty({ format: 'date-time' })
  refreshTokenExpiresAt: string;
}

/** One entity's row of the matrix: a level per action. Decorated in a loop so that it follows @crm/permissions. */
export class PermissionActionsDto {}
for (const action of ACTIONS) {
  ApiProperty({ enum: [...LEVELS], enumName: 'PermissionLevel' })(PermissionActionsDto.prototype, action);
}

/** For each entity and action, the records a role reaches: all, team, own or none. */
export class PermissionMatrixDto {}
for (const entity of ENTITIES) {
  ApiProperty({ type: PermissionActionsDto })(PermissionMatrixDto.prototype, entity);
}

export class RoleSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'sales_rep' })
  key: string;

  @ApiProperty({ example: 'Sales representative' })
  name: string;
}

export class MeDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;

  @ApiProperty({ type: RoleSummaryDto })
  role: RoleSummaryDto;

  @ApiProperty({ type: PermissionMatrixDto })
  permissions: PermissionMatrix;

  @ApiProperty({ description: 'Whether this server sends e-mail; when false, `user.emailReminders` has no effect' })
  mailEnabled: boolean;
}

export class UpdateMeDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: string;

  @ApiPropertyOptional({ example: 'Europe/Madrid', description: 'IANA time zone' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ description: 'An e-mail copy of each task reminder, to the sign-in address' })
  @IsOptional()
  @IsBoolean()
  emailReminders?: boolean;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({ minLength: 8, maxLength: 200 })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  newPassword: string;
}

export class DemoLoginDto {
  @ApiProperty({ format: 'email' })
  email: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ example: 'sales_rep' })
  role: string;
}

export class SignInOptionsDto {
  @ApiProperty({ description: 'True when the server runs on demo data' })
  demo: boolean;

  @ApiProperty({ type: [DemoLoginDto], description: 'Demo accounts, one per built-in role; empty outside demo mode' })
  demoLogins: DemoLoginDto[];

  @ApiProperty({ nullable: true, type: String, description: 'The password of every demo account' })
  demoPassword: string | null;
}
