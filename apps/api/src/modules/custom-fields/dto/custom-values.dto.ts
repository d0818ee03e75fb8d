import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Absent } from '../../../core/http/validation.js';
import { toArray } from '../../../core/list/list-filters.js';
import { CUSTOM_FILTER_DESCRIPTION, CUSTOM_FILTER_PATTERN } from '../custom-field-query.js';

const VALUES_DESCRIPTION =
  'Values of the custom fields (GET /api/v1/custom-fields), by key. Text, url, phone and email as strings, number ' +
  'as a number, money as a decimal string or number with up to two places, date as YYYY-MM-DD, boolean as true or ' +
  'false, select as an option value, multi-select as a list of option values.';

/** `custom` on a create or update body; an update changes only the keys it names, and null removes a value. */
export const CustomValuesProperty = () =>
  applyDecorators(
    ApiPropertyOptional({
      type: 'object',
      additionalProperties: true,
      example: { region: 'north', budget: '12500.00' },
      description: `${VALUES_DESCRIPTION} On update only the keys sent change; null removes a value.`,
    }),
    Absent(),
    IsObject(),
  );

/** `custom` on a record answer: the stored values, normalized. */
export const CustomValuesResponse = () =>
  ApiProperty({ type: 'object', additionalProperties: true, example: { region: 'north', budget: '12500.00' }, description: VALUES_DESCRIPTION });

/** `cf=key:op:value`, repeatable: filters on custom fields. */
export const CustomFieldFilterParam = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], maxItems: 20, description: CUSTOM_FILTER_DESCRIPTION, example: ['region:eq:north'] }),
    IsOptional(),
    Transform(toArray),
    IsArray(),
    ArrayMaxSize(20),
    IsString({ each: true }),
    MaxLength(500, { each: true }),
    Matches(CUSTOM_FILTER_PATTERN, { each: true, message: 'each cf must be key:op:value with op one of eq, ne, gt, gte, lt, lte, contains, in, empty' }),
  );

/** Like SortParam, with `cf.<key>` allowed beside the list's own fields. */
export const CustomFieldSortParam = (fields: readonly string[], fallback: string) => {
  const name = `(${fields.join('|')}|cf\\.[a-z][a-z0-9_]{0,39})`;
  return applyDecorators(
    ApiPropertyOptional({
      description:
        `Comma-separated fields, each optionally prefixed with - for descending: ${fields.join(', ')}, or cf.<key> ` +
        'for a custom field (records without a value come last ascending, first descending)',
      default: fallback,
      example: fallback,
    }),
    IsOptional(),
    Matches(new RegExp(`^-?${name}(,-?${name})*$`), {
      message: `sort must be a comma list of ${fields.join(', ')} or cf.<key>, each optionally prefixed with -`,
    }),
  );
};
