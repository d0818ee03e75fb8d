import { ACTIONS, ENTITIES, LEVELS, matrixOfRole, type PartialMatrix, type PermissionMatrix } from '@crm/permissions';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { Absent } from '../../../core/http/validation.js';
import { PermissionMatrixDto } from '../../auth/dto/auth.dto.js';
import type { Role } from '../role.entity.js';
import { PageOf } from '../../../core/list/page.dto.js';
import { VersionedRecordDto, versionedFields } from '../../../core/records/record.dto.js';

/**
 * Levels for some actions of one entity. Decorated in a loop so that it follows @crm/permissions; the global
 * pipe's whitelist then refuses any action it does not know.
 */
export class PartialPermissionActionsDto {}
for (const action of ACTIONS) {
  const target = PartialPermissionActionsDto.prototype;
  ApiPropertyOptional({ enum: [...LEVELS], enumName: 'PermissionLevel' })(target, action);
  IsOptional()(target, action);
  IsIn(LEVELS)(target, action);
}

/** Some rows of a permission matrix; every entity and action left out is `none`. Unknown entities are refused. */
export class PartialPermissionMatrixDto {}
for (const entity of ENTITIES) {
  const target = PartialPermissionMatrixDto.prototype;
  ApiPropertyOptional({ type: PartialPermissionActionsDto })(target, entity);
  IsOptional()(target, entity);
  IsObject()(target, entity);
  ValidateNested()(target, entity);
  Type(() => PartialPermissionActionsDto)(target, entity);
}

const PermissionsProperty = (required: boolean) =>
  applyDecorators(
    (required ? ApiProperty : ApiPropertyOptional)({
      type: PartialPermissionMatrixDto,
      description: 'Levels per entity and action; whatever is left out is `none`',
      example: { contact: { read: 'team', update: 'own' }, report: { read: 'team' } },
    }),
    ...(required ? [] : [Absent()]),
    IsObject(),
    ValidateNested(),
    Type(() => PartialPermissionMatrixDto),
  );

export class CreateRoleDto {
  @ApiProperty({ pattern: '^[a-z][a-z0-9_]{1,59}$', example: 'junior_rep', description: 'Stable name for integrations; cannot change later' })
  @Matches(/^[a-z][a-z0-9_]{1,59}$/, { message: 'key must be 2 to 60 lower-case letters, digits or _, starting with a letter' })
  key: string;

  @ApiProperty({ minLength: 1, maxLength: 120, example: 'Junior sales rep' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @PermissionsProperty(true)
  permissions: PartialMatrix;
}

export class UpdateRoleDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @Absent()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @PermissionsProperty(false)
  permissions?: PartialMatrix;

  @ApiPropertyOptional({ minimum: 1, description: 'The version being changed; or send If-Match' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class RoleDto extends VersionedRecordDto {
  @ApiProperty({ example: 'sales_rep' })
  key: string;

  @ApiProperty({ example: 'Sales representative' })
  name: string;

  @ApiProperty({ description: 'Built-in roles come with the CRM and cannot be changed or deleted' })
  builtIn: boolean;

  @ApiProperty({ type: PermissionMatrixDto, description: 'The complete matrix the role grants' })
  permissions: PermissionMatrix;



}

export class RolePageDto extends PageOf(RoleDto) {}

export function toRoleDto(role: Role): RoleDto {
  return {
    ...versionedFields(role),
    key: role.key,
    name: role.name,
    builtIn: role.builtIn,
    permissions: matrixOfRole(role),
  };
}
