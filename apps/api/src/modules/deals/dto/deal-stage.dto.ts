import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../../../core/list/page-query.dto.js';
import { PageOf } from '../../../core/list/page.dto.js';
import { DealNextTaskDto } from '../../tasks/dto/task.dto.js';
import { STAGE_EVENTS, type StageEvent } from '../deal-stage-change.entity.js';

export class MoveDealStageDto {
  @ApiProperty({ format: 'uuid', description: 'Any stage of any pipeline; a stage of another pipeline moves the deal there' })
  @IsUUID()
  stageId: string;

  @ApiProperty({ minimum: 1, description: 'The version of the deal being moved' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for a lost stage: an active lost reason; ignored for other stages' })
  @IsOptional()
  @IsUUID()
  lostReasonId?: string;

  @ApiPropertyOptional({ maxLength: 1000, description: 'For a lost stage: why, in words; ignored for other stages' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  lostComment?: string;

  @ApiPropertyOptional({
    type: DealNextTaskDto,
    description:
      'A task about the deal created with the move (assigned by default to the deal\'s owner). Required for a move to an open ' +
      'stage of a deal without an open task while the setting deals.requireNextTask is on',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => DealNextTaskDto)
  nextTask?: DealNextTaskDto;
}

export class ListDealStageHistoryQueryDto extends PageQueryDto {}

export class DealStageRefDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;
}

export class DealStageChangeUserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;
}

export class DealStageChangeDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: STAGE_EVENTS, enumName: 'DealStageEvent' })
  event: StageEvent;

  @ApiProperty({ format: 'uuid' })
  pipelineId: string;

  @ApiProperty({ type: DealStageRefDto, nullable: true, description: 'Null for the creation, or when the stage was deleted since' })
  fromStage: DealStageRefDto | null;

  @ApiProperty({ type: DealStageRefDto, nullable: true, description: 'Null when the stage was deleted since' })
  toStage: DealStageRefDto | null;

  @ApiProperty({ format: 'date-time' })
  changedAt: string;

  @ApiProperty({ type: DealStageChangeUserDto, nullable: true, description: 'Who moved it; null for moves through an API key' })
  changedBy: DealStageChangeUserDto | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Whole seconds the deal had spent in fromStage; null for the creation' })
  secondsInFromStage: number | null;
}

export class DealStageHistoryPageDto extends PageOf(DealStageChangeDto) {}
