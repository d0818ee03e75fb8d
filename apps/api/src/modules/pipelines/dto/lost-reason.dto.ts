import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength } from 'class-validator';
import { Absent } from '../../../core/http/validation.js';
import { VersionedRecordDto } from '../../../core/records/record.dto.js';
import type { LostReason } from '../lost-reason.entity.js';

export const MAX_LOST_REASONS = 100;

/** `?flag=true` arrives as text; anything but true or false is left for IsBoolean to refuse. */
export const queryBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

const NameProperty = (required: boolean) =>
  applyDecorators(
    ...(required ? [ApiProperty({ minLength: 1, maxLength: 200 })] : [ApiPropertyOptional({ minLength: 1, maxLength: 200 }), Absent()]),
    Transform(trim),
    IsString(),
    MinLength(1),
    MaxLength(200),
  );

const ActiveProperty = (description: string) => applyDecorators(ApiPropertyOptional({ description }), Absent(), IsBoolean());

export class CreateLostReasonDto {
  @NameProperty(true)
  name: string;

  @ActiveProperty('Inactive reasons stay on the deals that have them but are no longer offered; default true')
  active?: boolean;
}

export class UpdateLostReasonDto {
  @NameProperty(false)
  name?: string;

  @ActiveProperty('Inactive reasons stay on the deals that have them but are no longer offered')
  active?: boolean;

  @ApiPropertyOptional({ minimum: 1, description: 'The version being changed; or send If-Match' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ListLostReasonsQueryDto {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Also list inactive reasons, for the settings screen' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  includeInactive?: boolean;
}

export class ReorderLostReasonsDto {
  @ApiProperty({ type: [String], format: 'uuid', maxItems: MAX_LOST_REASONS, description: 'Every lost reason, active or not, in the new order' })
  @IsArray()
  @ArrayMaxSize(MAX_LOST_REASONS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  ids: string[];
}

export class LostReasonDto extends VersionedRecordDto {
  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'Order in pickers, 0 first' })
  position: number;

  @ApiProperty()
  active: boolean;
}

export class LostReasonListDto {
  @ApiProperty({ type: [LostReasonDto], description: 'By position' })
  items: LostReasonDto[];
}

export function toLostReasonDto(reason: LostReason): LostReasonDto {
  return {
    id: reason.id,
    createdAt: reason.createdAt.toISOString(),
    updatedAt: reason.updatedAt.toISOString(),
    version: reason.version,
    name: reason.name,
    position: reason.position,
    active: reason.active,
  };
}
