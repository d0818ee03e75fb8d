import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { UuidListFilter } from '../../../core/list/list-filters.js';

export const DEAL_FORECAST_GROUPS = ['owner', 'team', 'none'] as const;
export type DealForecastGroup = (typeof DEAL_FORECAST_GROUPS)[number];

/** Months of the forecast at most, `from` and `to` included. */
export const MAX_FORECAST_MONTHS = 36;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class DealForecastQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only deals of this pipeline; all pipelines when left out' })
  @IsOptional()
  @IsUUID('all')
  pipelineId?: string;

  @ApiPropertyOptional({ example: '2026-01', pattern: MONTH.source, description: 'First month (YYYY-MM); this month when left out' })
  @IsOptional()
  @Matches(MONTH, { message: 'from must be a month written YYYY-MM' })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-06',
    pattern: MONTH.source,
    description: `Last month (YYYY-MM), at most ${MAX_FORECAST_MONTHS} months from \`from\`; five months after \`from\` when left out`,
  })
  @IsOptional()
  @Matches(MONTH, { message: 'to must be a month written YYYY-MM' })
  to?: string;

  @ApiPropertyOptional({ enum: DEAL_FORECAST_GROUPS, enumName: 'DealForecastGroup', default: 'owner', description: 'Rows per month and currency, and per owner or team' })
  @IsOptional()
  @IsIn(DEAL_FORECAST_GROUPS)
  groupBy: DealForecastGroup = 'owner';

  @UuidListFilter('Only deals of these owners')
  ownerId?: string[];

  @UuidListFilter('Only deals whose owner is in one of these teams')
  teamId?: string[];
}

/** Open deals of one currency: how many, their total, and the total weighted by their stages' probabilities. */
export class DealForecastFiguresDto {
  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiProperty()
  count: number;

  @ApiProperty({ example: '30000.00', description: "Decimal string with the currency's minor digits" })
  amount: string;

  @ApiProperty({
    example: '13500.00',
    description: 'Σ(amount × stage probability / 100), computed exactly and rounded half-up once to the minor unit',
  })
  weightedAmount: string;
}

export class DealForecastMonthDto extends DealForecastFiguresDto {
  @ApiProperty({ example: '2026-01', description: 'Month of the expected close date' })
  month: string;
}

export class DealForecastRowDto extends DealForecastMonthDto {
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'With groupBy=owner; null for deals without an owner' })
  ownerId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'With groupBy=owner' })
  ownerName?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: "With groupBy=team: the owner's team; null without one" })
  teamId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'With groupBy=team' })
  teamName?: string | null;
}

export class DealForecastDto {
  @ApiProperty({ example: '2026-01' })
  from: string;

  @ApiProperty({ example: '2026-06' })
  to: string;

  @ApiProperty({ enum: DEAL_FORECAST_GROUPS, enumName: 'DealForecastGroup' })
  groupBy: DealForecastGroup;

  @ApiProperty({ type: [DealForecastRowDto], description: 'By month, then owner or team name, then currency' })
  rows: DealForecastRowDto[];

  @ApiProperty({ type: [DealForecastMonthDto], description: 'Every group together, per month and currency' })
  totals: DealForecastMonthDto[];

  @ApiProperty({ type: [DealForecastFiguresDto], description: 'Open deals without an expected close date, per currency' })
  undated: DealForecastFiguresDto[];
}
