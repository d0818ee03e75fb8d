import { applyDecorators } from '@nestjs/common';
import { Absent } from '../http/validation.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

export const EMAIL_TYPES = ['work', 'personal', 'other'] as const;
export const PHONE_TYPES = ['mobile', 'work', 'home', 'fax', 'other'] as const;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class EmailDto {
  @ApiProperty({ enum: EMAIL_TYPES, enumName: 'EmailType' })
  @IsIn(EMAIL_TYPES)
  type: (typeof EMAIL_TYPES)[number];

  @ApiProperty({ format: 'email', maxLength: 254, example: 'anna@example.com' })
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  value: string;
}

export class PhoneDto {
  @ApiProperty({ enum: PHONE_TYPES, enumName: 'PhoneType' })
  @IsIn(PHONE_TYPES)
  type: (typeof PHONE_TYPES)[number];

  @ApiProperty({ maxLength: 40, example: '+371 2612 3456', description: 'As typed; digits, spaces, + ( ) - .' })
  @Transform(trim)
  @IsString()
  @Matches(/^\+?[\d\s().-]{3,40}$/, { message: 'value must be a phone number of digits, spaces and + ( ) - .' })
  @Matches(/\d{3}/, { message: 'value must have at least three digits' })
  value: string;
}

export class AddressDto {
  @ApiPropertyOptional({ example: 'LV', description: 'ISO 3166-1 alpha-2 country code' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as LV' })
  country?: string;

  @ApiPropertyOptional({ maxLength: 120 })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  region?: string;

  @ApiPropertyOptional({ maxLength: 120 })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  city?: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  street?: string;

  @ApiPropertyOptional({ maxLength: 20 })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  postalCode?: string;
}

export const MAX_TAGS = 50;

/** Tags are trimmed, lower-cased and de-duplicated so that filters match however they were typed. */
const normalizeTags = ({ value }: { value: unknown }) =>
  Array.isArray(value)
    ? [...new Set(value.map((tag) => (typeof tag === 'string' ? tag.trim().toLowerCase() : tag)))]
    : value;

/** Free text that may be absent or null. */
export const OptionalText = (maxLength: number) =>
  applyDecorators(ApiPropertyOptional({ maxLength, nullable: true, type: String }), IsOptional(), IsString(), MaxLength(maxLength));

/** An optional list of tags on a create or update body. */
export const TagsProperty = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], maxItems: MAX_TAGS, example: ['vip', 'newsletter'] }),
    Absent(),
    Transform(normalizeTags),
    IsArray(),
    ArrayMaxSize(MAX_TAGS),
    IsString({ each: true }),
    MinLength(1, { each: true }),
    MaxLength(50, { each: true }),
  );

/** The contact points and address every client record may carry. */
export const EmailsProperty = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [EmailDto], maxItems: 20 }),
    Absent(),
    IsArray(),
    ArrayMaxSize(20),
    ValidateNested({ each: true }),
    Type(() => EmailDto),
  );

export const PhonesProperty = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [PhoneDto], maxItems: 20 }),
    Absent(),
    IsArray(),
    ArrayMaxSize(20),
    ValidateNested({ each: true }),
    Type(() => PhoneDto),
  );

export const AddressProperty = () =>
  applyDecorators(
    ApiPropertyOptional({ type: AddressDto, nullable: true }),
    IsOptional(),
    ValidateNested(),
    Type(() => AddressDto),
  );
