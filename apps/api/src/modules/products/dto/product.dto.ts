import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { SortParam, TextQueryFilter } from '../../../core/list/list-filters.js';
import { PageOf } from '../../../core/list/page.dto.js';
import { PageQueryDto } from '../../../core/list/page-query.dto.js';
import { Absent } from '../../../core/http/validation.js';
import { IsCurrencyCode, IsMoneyAmount, normalizeAmount } from '../../../core/money/money.js';
import { VersionedRecordDto } from '../../../core/records/record.dto.js';
import { queryBoolean } from '../../pipelines/dto/lost-reason.dto.js';
import type { Product } from '../product.entity.js';

export const PRODUCT_SORT_FIELDS = ['name', 'price', 'createdAt'] as const;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Blank optional text means none. */
const trimToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);

const NameProperty = (required: boolean) =>
  applyDecorators(
    ...(required ? [ApiProperty({ minLength: 1, maxLength: 300 })] : [ApiPropertyOptional({ minLength: 1, maxLength: 300 }), Absent()]),
    Transform(trim),
    IsString(),
    MinLength(1),
    MaxLength(300),
  );

const SkuProperty = () =>
  applyDecorators(
    ApiPropertyOptional({ type: String, nullable: true, maxLength: 64, description: 'Stock-keeping unit, unique ignoring case; blank or null for none' }),
    IsOptional(),
    Transform(trimToNull),
    IsString(),
    MaxLength(64),
  );

const UnitProperty = () =>
  applyDecorators(
    ApiPropertyOptional({ minLength: 1, maxLength: 20, example: 'pcs', description: 'Unit of quantity: pcs, h, kg…; default pcs' }),
    Absent(),
    Transform(trim),
    IsString(),
    MinLength(1),
    MaxLength(20),
  );

const PriceProperty = (required: boolean) =>
  applyDecorators(
    ...(required ? [ApiProperty({ type: String, example: '1250.00', pattern: '^\\d{1,15}(\\.\\d{1,4})?$' })] : [ApiPropertyOptional({ type: String, example: '1250.00', pattern: '^\\d{1,15}(\\.\\d{1,4})?$' }), Absent()]),
    IsMoneyAmount(),
  );

const CurrencyProperty = (description: string) =>
  applyDecorators(ApiPropertyOptional({ example: 'EUR', pattern: '^[A-Z]{3}$', description }), Absent(), IsCurrencyCode());

const VatRateProperty = () =>
  applyDecorators(
    ApiPropertyOptional({ type: String, example: '21', pattern: '^(100(\\.0{1,2})?|\\d{1,2}(\\.\\d{1,2})?)$', description: 'VAT in percent, 0–100 with up to 2 decimals; default 0' }),
    Absent(),
    IsString(),
    Matches(/^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/, { message: 'vatRate must be a percentage from 0 to 100 with at most 2 decimals, such as "21" or "5.5"' }),
  );

const DescriptionProperty = () =>
  applyDecorators(
    ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 }),
    IsOptional(),
    Transform(trimToNull),
    IsString(),
    MaxLength(2000),
  );

const ActiveProperty = () =>
  applyDecorators(ApiPropertyOptional({ description: 'Inactive products stay on deals but are no longer offered; default true' }), Absent(), IsBoolean());

export class CreateProductDto {
  @NameProperty(true)
  name: string;

  @SkuProperty()
  sku?: string | null;

  @UnitProperty()
  unit?: string;

  @PriceProperty(true)
  price: string;

  @CurrencyProperty('ISO 4217; the price may have at most its minor digits (EUR 2, JPY 0). Default: the installation’s DEFAULT_CURRENCY')
  currency?: string;

  @VatRateProperty()
  vatRate?: string;

  @DescriptionProperty()
  description?: string | null;

  @ActiveProperty()
  active?: boolean;
}

export class UpdateProductDto {
  @NameProperty(false)
  name?: string;

  @SkuProperty()
  sku?: string | null;

  @UnitProperty()
  unit?: string;

  @PriceProperty(false)
  price?: string;

  @CurrencyProperty('ISO 4217; the price must fit its minor digits')
  currency?: string;

  @VatRateProperty()
  vatRate?: string;

  @DescriptionProperty()
  description?: string | null;

  @ActiveProperty()
  active?: boolean;

  @ApiPropertyOptional({ minimum: 1, description: 'The version being changed; or send If-Match' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ListProductsQueryDto extends PageQueryDto {
  @TextQueryFilter()
  q?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'Only active (true) or only inactive (false) products' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ example: 'EUR', description: 'Only products priced in this currency' })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;

  @SortParam(PRODUCT_SORT_FIELDS, 'name')
  sort?: string;
}

export class ProductDto extends VersionedRecordDto {
  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  sku: string | null;

  @ApiProperty({ example: 'pcs' })
  unit: string;

  @ApiProperty({ type: String, example: '1250.00', description: 'Decimal string with the currency’s minor digits' })
  price: string;

  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiProperty({ type: String, example: '21.00', description: 'VAT in percent' })
  vatRate: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  createdById: string | null;
}

export class ProductPageDto extends PageOf(ProductDto) {}

export function toProductDto(product: Product): ProductDto {
  return {
    id: product.id,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
    version: product.version,
    name: product.name,
    sku: product.sku,
    unit: product.unit,
    price: normalizeAmount(product.price, product.currency),
    currency: product.currency,
    vatRate: product.vatRate,
    description: product.description,
    active: product.active,
    createdById: product.createdById,
  };
}
