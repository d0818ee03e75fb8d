import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import type { ApiKey } from '../api-key.entity.js';
import { PageOf } from '../../../core/list/page.dto.js';

export class CreateApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 120, example: 'Website lead form' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @ApiProperty({ format: 'uuid', description: 'The rights of the key: a role granting nothing beyond your own' })
  @IsUUID()
  roleId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The user the key acts for (records it creates are theirs); defaults to you' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the key stops working; never if left out' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Website lead form' })
  name: string;

  @ApiProperty({ example: 'crm_Xy3kP9aB', description: 'The first characters of the key, to recognise it' })
  prefix: string;

  @ApiProperty({ format: 'uuid' })
  roleId: string;

  @ApiProperty({ format: 'uuid', description: 'The user the key acts for' })
  userId: string;

  @ApiProperty({ format: 'uuid' })
  createdById: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Accurate to about a minute' })
  lastUsedAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  expiresAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  revokedAt: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ example: 'crm_Xy3kP9aBq0…', description: 'The secret key, shown this once; send it as X-API-Key or a bearer token' })
  key: string;
}

export class ApiKeyPageDto extends PageOf(ApiKeyDto) {}

export function toApiKeyDto(apiKey: ApiKey): ApiKeyDto {
  return {
    id: apiKey.id,
    name: apiKey.name,
    prefix: apiKey.prefix,
    roleId: apiKey.roleId,
    userId: apiKey.userId,
    createdById: apiKey.createdById,
    createdAt: apiKey.createdAt.toISOString(),
    lastUsedAt: apiKey.lastUsedAt?.toISOString() ?? null,
    expiresAt: apiKey.expiresAt?.toISOString() ?? null,
    revokedAt: apiKey.revokedAt?.toISOString() ?? null,
  };
}
