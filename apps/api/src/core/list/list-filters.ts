import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

/** A repeatable query parameter (`?tag=a&tag=b`) arrives as a string once and as an array twice. */
export const toArray = ({ value }: { value: unknown }) => (value === undefined ? undefined : [value].flat());

export const UuidListFilter = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], format: 'uuid', description }),
    IsOptional(),
    Transform(toArray),
    IsArray(),
    IsUUID('all', { each: true }),
  );

export const StringListFilter = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], description }),
    IsOptional(),
    Transform(toArray),
    IsArray(),
    IsString({ each: true }),
    MaxLength(50, { each: true }),
  );

export const EnumListFilter = (values: readonly string[], enumName: string, description: string) =>
  applyDecorators(
    ApiPropertyOptional({ enum: values, enumName, isArray: true, description }),
    IsOptional(),
    Transform(toArray),
    IsArray(),
    IsIn(values, { each: true }),
  );

export const DateTimeFilter = (description: string) =>
  applyDecorators(ApiPropertyOptional({ format: 'date-time', description }), IsOptional(), IsISO8601({ strict: true }));

export const TextQueryFilter = () =>
  applyDecorators(
    ApiPropertyOptional({ maxLength: 200, description: 'Text to look for in names, emails and phones' }),
    IsOptional(),
    IsString(),
    MaxLength(200),
  );

/** `sort=-createdAt,name`: the fields a list may be sorted by, `-` for descending. */
export const SortParam = (fields: readonly string[], fallback: string) =>
  applyDecorators(
    ApiPropertyOptional({
      description: `Comma-separated fields, each optionally prefixed with - for descending: ${fields.join(', ')}`,
      default: fallback,
      example: fallback,
    }),
    IsOptional(),
    Matches(new RegExp(`^-?(${fields.join('|')})(,-?(${fields.join('|')}))*$`), {
      message: `sort must be a comma list of ${fields.join(', ')}, each optionally prefixed with -`,
    }),
  );

/** How several `tag` values combine: records with all of them (the default) or with any. */
export const TagMatchParam = () =>
  applyDecorators(
    ApiPropertyOptional({ enum: ['all', 'any'], default: 'all', description: 'With several `tag` values: records carrying all of them, or any' }),
    IsOptional(),
    IsIn(['all', 'any']),
  );

export const NoActivityDaysParam = () =>
  applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 3650, description: 'Only records without activity (for now: without an update) for this many days' }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(3650),
  );

/** `hasOpenDeal=true|false`: only records on an open deal, or only those on none. */
export const HasOpenDealParam = () =>
  applyDecorators(
    ApiPropertyOptional({ type: Boolean, description: 'true: only records on an open deal (not in the trash); false: only records on none' }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean(),
  );

export const DeletedParam = () =>
  applyDecorators(
    ApiPropertyOptional({ enum: ['exclude', 'only'], default: 'exclude', description: '`only` lists deleted records, to restore them' }),
    IsOptional(),
    IsIn(['exclude', 'only']),
  );

/** Escapes LIKE wildcards so a search for "50%" looks for the text "50%". */
export function likePattern(text: string): string {
  return `%${text.trim().toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
