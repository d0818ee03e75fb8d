import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { Absent } from '../../../core/http/validation.js';
import {
  DateTimeFilter,
  DeletedParam,
  EnumListFilter,
  NoActivityDaysParam,
  StringListFilter,
  TagMatchParam,
  UuidListFilter,
} from '../../../core/list/list-filters.js';
import { PageQueryDto } from '../../../core/list/page-query.dto.js';
import { PageOf } from '../../../core/list/page.dto.js';
import { IsCurrencyCode, IsMoneyAmount, MONEY_AMOUNT_PATTERN } from '../../../core/money/money.js';
import { OptionalText, TagsProperty } from '../../../core/records/contact-points.dto.js';
import { OwnedRecordDto } from '../../../core/records/record.dto.js';
import type { CustomValues } from '../../custom-fields/custom-field-values.js';
import { CustomFieldFilterParam, CustomFieldSortParam, CustomValuesProperty, CustomValuesResponse } from '../../custom-fields/dto/custom-values.dto.js';
import { STAGE_KINDS, type StageKind } from '../../pipelines/pipeline-stage.entity.js';
import { moneyText } from '../deal-amounts.js';
import type { Deal } from '../deal.entity.js';
import { DealLineItemDto, DealLineItemInputDto, LineItemsProperty } from './deal-line-item.dto.js';

export const DEAL_SORT_FIELDS = ['createdAt', 'updatedAt', 'title', 'amount', 'expectedCloseDate', 'stageEnteredAt'] as const;
export const MAX_DEAL_CONTACTS = 50;

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day as YYYY-MM-DD (a real one: 2025-02-30 is refused). */
const CalendarDate = (message: string) =>
  applyDecorators(Matches(CALENDAR_DATE, { message }), IsISO8601({ strict: true }, { message }));

const DateFilter = (description: string) =>
  applyDecorators(ApiPropertyOptional({ format: 'date', description }), IsOptional(), CalendarDate('must be a date as YYYY-MM-DD'));

const AmountFilter = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ example: '1000', description }),
    IsOptional(),
    Matches(MONEY_AMOUNT_PATTERN, { message: 'must be a non-negative decimal string such as "1000.50"' }),
  );

export class CreateDealDto {
  @ApiProperty({ minLength: 1, maxLength: 300, example: 'Fleet renewal 2026' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @Matches(/\S/, { message: 'title must not be blank' })
  title: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to the first pipeline' })
  @IsOptional()
  @IsUUID()
  pipelineId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A stage of the pipeline; defaults to its first open stage' })
  @IsOptional()
  @IsUUID()
  stageId?: string;

  @ApiPropertyOptional({
    example: '12500.00',
    default: '0',
    description: 'Decimal string, not negative, with at most the currency\'s minor digits (2 for EUR, 0 for JPY); not with lineItems, whose totals make it',
  })
  @Absent()
  @IsMoneyAmount()
  amount?: string;

  @ApiPropertyOptional({ example: 'EUR', description: 'ISO 4217; defaults to the installation\'s currency' })
  @Absent()
  @IsCurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String, example: '2026-03-31' })
  @IsOptional()
  @CalendarDate('expectedCloseDate must be a date as YYYY-MM-DD')
  expectedCloseDate?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  companyId?: string | null;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_DEAL_CONTACTS,
    description: 'The people of the deal in order; the first is the main contact, whose lead source and UTM a new deal takes when it has none',
  })
  @Absent()
  @IsArray()
  @ArrayMaxSize(MAX_DEAL_CONTACTS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  contactIds?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Owner; defaults to the creator' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @TagsProperty()
  tags?: string[];

  @CustomValuesProperty()
  custom?: Record<string, unknown>;

  @OptionalText(300)
  nextStep?: string | null;

  @OptionalText(120)
  leadSource?: string | null;

  @OptionalText(200)
  utmSource?: string | null;

  @OptionalText(200)
  utmMedium?: string | null;

  @OptionalText(200)
  utmCampaign?: string | null;

  @OptionalText(200)
  utmTerm?: string | null;

  @OptionalText(200)
  utmContent?: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required when the stage is a lost one: an active lost reason' })
  @IsOptional()
  @IsUUID()
  lostReasonId?: string;

  @OptionalText(1000)
  lostComment?: string;

  @LineItemsProperty('Line items; the amount is then the sum of their totals')
  lineItems?: DealLineItemInputDto[];
}

/**
 * Everything but where the deal stands: stage, pipeline and closing move only through POST /deals/{id}/stage. Null
 * clears a nullable field; title, amount, currency, tags and contactIds take no null.
 */
export class UpdateDealDto extends PartialType(OmitType(CreateDealDto, ['pipelineId', 'stageId', 'lostReasonId', 'lostComment', 'lineItems'] as const), {
  skipNullProperties: false,
}) {
  @ApiPropertyOptional({ minimum: 1, description: 'The version being changed; or send If-Match' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ListDealsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'Text to look for in titles' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @UuidListFilter('Only deals of these owners')
  ownerId?: string[];

  @StringListFilter('Only deals carrying all these tags (any of them with tagMatch=any)')
  tag?: string[];

  @TagMatchParam()
  tagMatch?: 'all' | 'any';

  @UuidListFilter('Only deals whose owner is in one of these teams')
  teamId?: string[];

  @UuidListFilter('Only deals in these pipelines')
  pipelineId?: string[];

  @UuidListFilter('Only deals in these stages')
  stageId?: string[];

  @EnumListFilter(STAGE_KINDS, 'DealStatus', 'Only open, won or lost deals')
  status?: StageKind[];

  @UuidListFilter('Only deals of these companies')
  companyId?: string[];

  @UuidListFilter('Only deals these contacts take part in')
  contactId?: string[];

  @AmountFilter('Only deals of at least this amount (in their own currency)')
  amountMin?: string;

  @AmountFilter('Only deals of at most this amount (in their own currency)')
  amountMax?: string;

  @DateFilter('Only deals expected to close on or after this day')
  expectedCloseFrom?: string;

  @DateFilter('Only deals expected to close on or before this day')
  expectedCloseTo?: string;

  @StringListFilter('Only deals from one of these lead sources (any letter case)')
  leadSource?: string[];

  @NoActivityDaysParam()
  noActivityDays?: number;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'true: only open deals with no open task (deal control); false: only deals with an open task',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  withoutOpenTask?: boolean;

  @CustomFieldFilterParam()
  cf?: string[];

  @DateTimeFilter('Created at or after')
  createdFrom?: string;

  @DateTimeFilter('Created before')
  createdTo?: string;

  @CustomFieldSortParam(DEAL_SORT_FIELDS, '-createdAt')
  sort?: string;

  @DeletedParam()
  deleted?: 'exclude' | 'only';
}

export class DealCompanySummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;
}

export class DealContactSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  fullName: string;
}

export class DealDto extends OwnedRecordDto {
  @ApiProperty()
  title: string;

  @ApiProperty({ format: 'uuid' })
  pipelineId: string;

  @ApiProperty({ format: 'uuid' })
  stageId: string;

  @ApiProperty({ enum: STAGE_KINDS, enumName: 'DealStatus', description: 'The kind of its stage' })
  status: StageKind;

  @ApiProperty({ format: 'date-time', description: 'When the deal entered its current stage' })
  stageEnteredAt: string;

  @ApiProperty({ example: '12500.00', description: 'Decimal string with the currency\'s minor digits; the sum of the line items\' totals when it has any' })
  amount: string;

  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiProperty({ format: 'date', nullable: true, type: String })
  expectedCloseDate: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  companyId: string | null;

  @ApiProperty({ type: DealCompanySummaryDto, nullable: true })
  company: DealCompanySummaryDto | null;

  @ApiProperty({ type: [DealContactSummaryDto], description: 'In order; the first is the main contact' })
  contacts: DealContactSummaryDto[];

  @ApiProperty({ nullable: true, type: String })
  leadSource: string | null;

  @ApiProperty({ nullable: true, type: String })
  utmSource: string | null;

  @ApiProperty({ nullable: true, type: String })
  utmMedium: string | null;

  @ApiProperty({ nullable: true, type: String })
  utmCampaign: string | null;

  @ApiProperty({ nullable: true, type: String })
  utmTerm: string | null;

  @ApiProperty({ nullable: true, type: String })
  utmContent: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it entered its won stage; set while won' })
  wonAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it entered its lost stage; set while lost' })
  lostAt: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  lostReasonId: string | null;

  @ApiProperty({ nullable: true, type: String })
  lostComment: string | null;

  @ApiProperty({ nullable: true, type: String })
  nextStep: string | null;

  @CustomValuesResponse()
  custom: CustomValues;
}

export class DealTimeInStageDto {
  @ApiProperty({ format: 'uuid' })
  stageId: string;

  @ApiProperty({ description: 'Whole seconds spent in the stage over every stay, the current one up to now' })
  seconds: number;
}

export class DealDetailDto extends DealDto {
  @ApiProperty({ type: [DealLineItemDto] })
  lineItems: DealLineItemDto[];

  @ApiProperty({ type: [DealTimeInStageDto], description: 'Per stage the deal has been in, in the order of the stages' })
  timeInStages: DealTimeInStageDto[];
}

export class DealPageDto extends PageOf(DealDto) {}

export function toDealDto(deal: Deal, company: DealCompanySummaryDto | null, contacts: DealContactSummaryDto[]): DealDto {
  return {
    id: deal.id,
    createdAt: deal.createdAt.toISOString(),
    updatedAt: deal.updatedAt.toISOString(),
    version: deal.version,
    tags: deal.tags,
    ownerId: deal.ownerId,
    createdById: deal.createdById,
    deletedAt: deal.deletedAt?.toISOString() ?? null,
    title: deal.title,
    pipelineId: deal.pipelineId,
    stageId: deal.stageId,
    status: deal.status,
    stageEnteredAt: deal.stageEnteredAt.toISOString(),
    amount: moneyText(deal.amount, deal.currency),
    currency: deal.currency,
    expectedCloseDate: deal.expectedCloseDate,
    companyId: deal.companyId,
    company,
    contacts,
    leadSource: deal.leadSource,
    utmSource: deal.utmSource,
    utmMedium: deal.utmMedium,
    utmCampaign: deal.utmCampaign,
    utmTerm: deal.utmTerm,
    utmContent: deal.utmContent,
    wonAt: deal.wonAt?.toISOString() ?? null,
    lostAt: deal.lostAt?.toISOString() ?? null,
    lostReasonId: deal.lostReasonId,
    lostComment: deal.lostComment,
    nextStep: deal.nextStep,
    custom: deal.custom,
  };
}
