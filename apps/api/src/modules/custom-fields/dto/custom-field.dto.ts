import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Absent } from '../../../core/http/validation.js';
import { VersionedRecordDto, versionedFields } from '../../../core/records/record.dto.js';
import type { CustomField } from '../custom-field.entity.js';
import { CUSTOM_FIELD_ENTITIES, CUSTOM_FIELD_TYPES, type CustomFieldEntity, type CustomFieldType } from '../custom-field-values.js';

export const MAX_CUSTOM_FIELDS = 100;
const MAX_OPTIONS = 100;

const EntityProperty = () =>
  applyDecorators(
    ApiProperty({ enum: CUSTOM_FIELD_ENTITIES, enumName: 'CustomFieldEntity', description: 'The kind of record the field belongs to' }),
    IsIn(CUSTOM_FIELD_ENTITIES),
  );

const Label = (required: boolean) =>
  applyDecorators(
    ...(required ? [ApiProperty({ minLength: 1, maxLength: 100 })] : [ApiPropertyOptional({ minLength: 1, maxLength: 100 }), Absent()]),
    IsString(),
    MinLength(1),
    MaxLength(100),
  );

/** A name in each interface language; English is required and shown where a translation is missing. */
export class LabelsDto {
  @Label(true)
  en: string;

  @Label(false)
  ru?: string;

  @Label(false)
  lv?: string;

  @Label(false)
  es?: string;
}

export class CustomFieldOptionDto {
  @ApiProperty({
    pattern: '^[a-z0-9][a-z0-9_-]*$',
    maxLength: 60,
    example: 'north',
    description: 'Stored in records and used in filters; lower-case letters, digits, - and _',
  })
  @IsString()
  @MaxLength(60)
  @Matches(/^[a-z0-9][a-z0-9_-]*$/, { message: 'value must be lower-case letters, digits, - and _' })
  value: string;

  @ApiProperty({ type: LabelsDto })
  @ValidateNested()
  @Type(() => LabelsDto)
  labels: LabelsDto;
}

const LabelsProperty = (required: boolean) =>
  applyDecorators(
    ...(required ? [ApiProperty({ type: LabelsDto })] : [ApiPropertyOptional({ type: LabelsDto }), Absent()]),
    ValidateNested(),
    Type(() => LabelsDto),
  );

const OptionsProperty = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [CustomFieldOptionDto], maxItems: MAX_OPTIONS, description: 'The choices of a select or multi-select field, in order' }),
    Absent(),
    IsArray(),
    ArrayMaxSize(MAX_OPTIONS),
    ArrayUnique((option: CustomFieldOptionDto) => option?.value, { message: 'options must have distinct values' }),
    ValidateNested({ each: true }),
    Type(() => CustomFieldOptionDto),
  );

const Flag = (description: string) =>
  applyDecorators(ApiPropertyOptional({ description }), Absent(), IsBoolean());

const PositionProperty = () =>
  applyDecorators(
    ApiPropertyOptional({ minimum: 0, maximum: 10000, description: 'Order in forms and lists, lowest first; new fields go last' }),
    Absent(),
    IsInt(),
    Min(0),
    Max(10000),
  );

export class CreateCustomFieldDto {
  @EntityProperty()
  entity: CustomFieldEntity;

  @ApiProperty({
    pattern: '^[a-z][a-z0-9_]*$',
    maxLength: 40,
    example: 'region',
    description: 'Names the value in `custom` of each record and in filters (`cf=region:eq:north`); cannot change later',
  })
  @IsString()
  @MaxLength(40)
  @Matches(/^[a-z][a-z0-9_]*$/, { message: 'key must start with a letter and hold only lower-case letters, digits and _' })
  key: string;

  @ApiProperty({ enum: CUSTOM_FIELD_TYPES, enumName: 'CustomFieldType', description: 'Cannot change later' })
  @IsIn(CUSTOM_FIELD_TYPES)
  type: CustomFieldType;

  @LabelsProperty(true)
  labels: LabelsDto;

  @Flag('A record cannot be created, or the value emptied, without it; default false')
  required?: boolean;

  @PositionProperty()
  position?: number;

  @OptionsProperty()
  options?: CustomFieldOptionDto[];

  @Flag('Inactive fields are hidden and refuse values; records keep what they hold. Default true')
  active?: boolean;
}

export class UpdateCustomFieldDto {
  @LabelsProperty(false)
  labels?: LabelsDto;

  @Flag('A record cannot be created, or the value emptied, without it')
  required?: boolean;

  @PositionProperty()
  position?: number;

  @OptionsProperty()
  options?: CustomFieldOptionDto[];

  @Flag('Inactive fields are hidden and refuse values; records keep what they hold')
  active?: boolean;

  @ApiPropertyOptional({ minimum: 1, description: 'The version being changed; or send If-Match' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ListCustomFieldsQueryDto {
  @EntityProperty()
  entity: CustomFieldEntity;
}

export class ReorderCustomFieldsDto {
  @EntityProperty()
  entity: CustomFieldEntity;

  @ApiProperty({ type: [String], format: 'uuid', maxItems: MAX_CUSTOM_FIELDS, description: 'Every field of the entity, in the new order' })
  @IsArray()
  @ArrayMaxSize(MAX_CUSTOM_FIELDS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  ids: string[];
}

export class CustomFieldDto extends VersionedRecordDto {
  @ApiProperty({ enum: CUSTOM_FIELD_ENTITIES, enumName: 'CustomFieldEntity' })
  entity: CustomFieldEntity;

  @ApiProperty({ example: 'region' })
  key: string;

  @ApiProperty({ enum: CUSTOM_FIELD_TYPES, enumName: 'CustomFieldType' })
  type: CustomFieldType;

  @ApiProperty({ type: LabelsDto })
  labels: LabelsDto;

  @ApiProperty()
  required: boolean;

  @ApiProperty()
  position: number;

  @ApiProperty({ type: [CustomFieldOptionDto] })
  options: CustomFieldOptionDto[];

  @ApiProperty()
  active: boolean;
}

export class CustomFieldListDto {
  @ApiProperty({ type: [CustomFieldDto], description: `Every field of the entity (at most ${MAX_CUSTOM_FIELDS}), by position` })
  items: CustomFieldDto[];
}

export function toCustomFieldDto(field: CustomField): CustomFieldDto {
  return {
    ...versionedFields(field),
    entity: field.entity,
    key: field.key,
    type: field.type,
    labels: field.labels,
    required: field.required,
    position: field.position,
    options: field.options,
    active: field.active,
  };
}
