import { ApiProperty } from '@nestjs/swagger';
import { LOCALES, type User } from '../user.entity.js';

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

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

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ minimum: 1 })
  version: number;
}

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    locale: user.locale,
    timeZone: user.timeZone,
    teamId: user.teamId,
    roleId: user.roleId,
    active: user.active,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
    version: user.version,
  };
}
