import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { StringListFilter, UuidListFilter } from '../../../core/list/list-filters.js';
import { STAGE_KINDS, type StageKind } from '../../pipelines/pipeline-stage.entity.js';

export const MAX_CARDS_PER_STAGE = 50;

const IntParam = (options: { minimum: number; maximum: number; default: number; description: string }) =>
  applyDecorators(ApiPropertyOptional({ type: 'integer', ...options }), IsOptional(), Type(() => Number), IsInt(), Min(options.minimum), Max(options.maximum));

/** Which deals the board shows; the counts and sums cover the same deals as the cards. */
export class DealBoardQueryDto {
  @IntParam({ minimum: 1, maximum: MAX_CARDS_PER_STAGE, default: 20, description: 'Cards per stage' })
  perStage: number = 20;

  @UuidListFilter('Only deals of these owners')
  ownerId?: string[];

  @UuidListFilter('Only deals whose owner is in one of these teams')
  teamId?: string[];

  @StringListFilter('Only deals carrying all these tags')
  tag?: string[];

  @ApiPropertyOptional({ maxLength: 200, description: 'Text to look for in deal titles' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IntParam({
    minimum: 1,
    maximum: 3650,
    default: 30,
    description: 'Won and lost columns show the deals that entered them in the last this many days; open stages show all',
  })
  closedWithinDays: number = 30;
}

/** The next cards of one stage. */
export class DealBoardStageQueryDto extends DealBoardQueryDto {
  @ApiPropertyOptional({ description: "The stage's `nextCursor` from the board or the previous page" })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;
}

export class DealCardCompanyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;
}

export class DealCardContactDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  fullName: string;
}

/** A deal as a card on the board: what the card shows, and the version to move it with. */
export class DealCardDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ example: '12500.00', description: "Decimal string with the currency's minor digits" })
  amount: string;

  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiProperty({ enum: STAGE_KINDS, enumName: 'DealStatus' })
  status: StageKind;

  @ApiProperty({ format: 'uuid' })
  stageId: string;

  @ApiProperty({ format: 'date-time', description: 'When the deal entered its stage; the board shows the newest arrivals first' })
  stageEnteredAt: string;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  expectedCloseDate: string | null;

  @ApiProperty({ minimum: 1 })
  version: number;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  ownerId: string | null;

  @ApiProperty({ type: String, nullable: true })
  ownerName: string | null;

  @ApiProperty({ type: DealCardCompanyDto, nullable: true, description: 'Null too when the company is out of your reach' })
  company: DealCardCompanyDto | null;

  @ApiProperty({ type: DealCardContactDto, nullable: true, description: 'The main contact; null too when out of your reach' })
  contact: DealCardContactDto | null;

  @ApiProperty({ type: [String] })
  tags: string[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "Due time of the deal's next open task" })
  nextTaskDueAt: string | null;

  @ApiProperty({ description: 'Whether the next task is overdue' })
  overdue: boolean;

  @ApiProperty({ description: 'An open deal without an open task: nobody has planned its next step' })
  withoutTask: boolean;
}

export class DealBoardSumDto {
  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiProperty({ example: '125000.00', description: "Decimal string with the currency's minor digits" })
  amount: string;
}

export class DealBoardStageDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ example: '#0ea5e9' })
  color: string;

  @ApiProperty({ minimum: 0, maximum: 100 })
  probability: number;

  @ApiProperty({ enum: STAGE_KINDS, enumName: 'StageKind' })
  kind: StageKind;

  @ApiProperty()
  position: number;

  @ApiProperty({ description: 'Deals in the column (all of them, not only the cards sent)' })
  count: number;

  @ApiProperty({ type: [DealBoardSumDto], description: 'Their total amount per currency, by currency code' })
  sums: DealBoardSumDto[];

  @ApiProperty({ type: [DealCardDto], description: 'Newest arrivals first' })
  items: DealCardDto[];

  @ApiProperty({ type: String, nullable: true, description: 'For the next cards of this stage; null when all are shown' })
  nextCursor: string | null;
}

export class DealBoardPipelineDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;
}

export class DealBoardDto {
  @ApiProperty({ type: DealBoardPipelineDto })
  pipeline: DealBoardPipelineDto;

  @ApiProperty({ type: [DealBoardStageDto], description: 'In pipeline order' })
  stages: DealBoardStageDto[];
}

export class DealBoardStagePageDto {
  @ApiProperty({ type: [DealCardDto] })
  items: DealCardDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next cards; null on the last page' })
  nextCursor: string | null;
}
