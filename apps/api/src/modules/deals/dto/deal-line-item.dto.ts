import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { Absent } from '../../../core/http/validation.js';
import { IsMoneyAmount } from '../../../core/money/money.js';
import type { DealLineItem } from '../deal-line-item.entity.js';
import { decimalText, moneyText } from '../deal-amounts.js';

export const MAX_LINE_ITEMS = 200;

/** Greater than zero, up to 11 digits before and 3 after the point, like numeric(14,3). */
const QUANTITY = /^(?!0+(?:\.0+)?$)\d{1,11}(?:\.\d{1,3})?$/;
/** 0 to 100 with up to two decimals. */
const PERCENT = /^(?:100(?:\.0{1,2})?|\d{1,2}(?:\.\d{1,2})?)$/;

/** One line as a client sends it; with productId, what it leaves out comes from the product. */
export class DealLineItemInputDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'A catalogue product; name, unit, price and VAT rate default to its own' })
  @IsOptional()
  @IsUUID()
  productId?: string | null;

  @ApiPropertyOptional({ minLength: 1, maxLength: 300, description: 'Required without productId' })
  @Absent()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 20, default: 'pcs', example: 'pcs' })
  @Absent()
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  unit?: string;

  @ApiProperty({ example: '3', description: 'Decimal string greater than 0, at most 3 decimals' })
  @IsString()
  @Matches(QUANTITY, { message: 'quantity must be a decimal string greater than 0 with at most 3 decimals, such as "2.5"' })
  quantity: string;

  @ApiPropertyOptional({ example: '19.99', description: 'Unit price in the deal currency, decimal string with at most 4 decimals; required without productId' })
  @Absent()
  @IsMoneyAmount()
  price?: string;

  @ApiPropertyOptional({ example: '7.5', default: '0', description: 'Percent off the line, 0 to 100, at most 2 decimals' })
  @Absent()
  @IsString()
  @Matches(PERCENT, { message: 'discountPercent must be a decimal string from 0 to 100 with at most 2 decimals' })
  discountPercent?: string;

  @ApiPropertyOptional({ example: '21', description: 'VAT in percent, 0 to 100, at most 2 decimals; defaults to the product\'s, else 0' })
  @Absent()
  @IsString()
  @Matches(PERCENT, { message: 'vatRate must be a decimal string from 0 to 100 with at most 2 decimals' })
  vatRate?: string;
}

/** A list of line items (a create body's `lineItems`, or a replace body's `items`). */
export const LineItemsProperty = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: [DealLineItemInputDto], maxItems: MAX_LINE_ITEMS, description }),
    Absent(),
    IsArray(),
    ArrayMaxSize(MAX_LINE_ITEMS),
    ValidateNested({ each: true }),
    Type(() => DealLineItemInputDto),
  );

export class ReplaceDealLineItemsDto {
  @ApiProperty({ minimum: 1, description: 'The version of the deal being changed' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiProperty({
    type: [DealLineItemInputDto],
    maxItems: MAX_LINE_ITEMS,
    description: 'Every line of the deal, in order; an empty list removes them and makes the amount editable again',
  })
  @IsArray()
  @ArrayMaxSize(MAX_LINE_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => DealLineItemInputDto)
  items: DealLineItemInputDto[];
}

export class DealLineItemDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  productId: string | null;

  @ApiProperty()
  position: number;

  @ApiProperty()
  name: string;

  @ApiProperty()
  unit: string;

  @ApiProperty({ example: '3' })
  quantity: string;

  @ApiProperty({ example: '19.99' })
  price: string;

  @ApiProperty({ example: '7.5' })
  discountPercent: string;

  @ApiProperty({ example: '21' })
  vatRate: string;

  @ApiProperty({ example: '55.47', description: 'quantity × price less the discount, rounded half up to the currency\'s minor unit' })
  netAmount: string;

  @ApiProperty({ example: '11.65', description: 'netAmount × vatRate, rounded half up' })
  vatAmount: string;

  @ApiProperty({ example: '67.12', description: 'netAmount + vatAmount; the deal amount is the sum of these' })
  totalAmount: string;
}

export function toDealLineItemDto(line: DealLineItem, currency: string): DealLineItemDto {
  return {
    id: line.id,
    productId: line.productId,
    position: line.position,
    name: line.name,
    unit: line.unit,
    quantity: decimalText(line.quantity),
    price: moneyText(line.price, currency),
    discountPercent: decimalText(line.discountPercent),
    vatRate: decimalText(line.vatRate),
    netAmount: moneyText(line.netAmount, currency),
    vatAmount: moneyText(line.vatAmount, currency),
    totalAmount: moneyText(line.totalAmount, currency),
  };
}
