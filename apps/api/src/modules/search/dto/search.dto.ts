import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

/** The kinds of record global search looks through. */
export const SEARCH_KINDS = ['company', 'contact', 'deal'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** What a hit was found by: its name (typos tolerated), or one of its normalized keys. */
export const SEARCH_MATCHES = ['name', 'email', 'phone', 'taxId'] as const;
export type SearchMatch = (typeof SEARCH_MATCHES)[number];

export const MAX_SEARCH_RESULTS = 50;

export class SearchQueryDto {
  @ApiProperty({
    minLength: 2,
    maxLength: 200,
    example: 'Ivanof',
    description: 'A name or part of one (typos tolerated), an email, a phone number in any format or its last 7+ digits, or a tax id',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  q: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SEARCH_RESULTS, default: 20, description: 'Most hits to answer, across all kinds' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SEARCH_RESULTS)
  limit: number = 20;
}

/** What a deal hit shows besides its title. */
export class SearchDealDto {
  @ApiProperty({ example: '12500.00', description: "Decimal string with the currency's minor digits" })
  amount: string;

  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiProperty({ example: 'Proposal', description: 'The stage the deal is in' })
  stageName: string;
}

export class SearchHitDto {
  @ApiProperty({ enum: SEARCH_KINDS, enumName: 'SearchKind' })
  kind: SearchKind;

  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Ivan Ivanov', description: 'Name of the record' })
  title: string;

  @ApiProperty({ type: String, nullable: true, example: 'Baltic Timber SIA · ivan@baltic-timber.example', description: 'What tells records of one name apart' })
  subtitle: string | null;

  @ApiProperty({ enum: SEARCH_MATCHES, enumName: 'SearchMatch' })
  matched: SearchMatch;

  @ApiProperty({ minimum: 0, maximum: 1, example: 0.71, description: '1 for an exact email, phone or tax id; name similarity otherwise' })
  rank: number;

  @ApiPropertyOptional({ type: SearchDealDto, description: 'Set on hits of kind deal' })
  deal?: SearchDealDto;
}

export class SearchResultsDto {
  @ApiProperty({ type: [SearchHitDto], description: 'Best first' })
  items: SearchHitDto[];
}
