import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Absent } from '../../../core/http/validation.js';
import { VersionedRecordDto } from '../../../core/records/record.dto.js';
import type { Pipeline } from '../pipeline.entity.js';
import { STAGE_KINDS, type PipelineStage, type StageKind } from '../pipeline-stage.entity.js';
import { ProblemDto } from '../../../core/openapi/problem.dto.js';

export const MAX_PIPELINES = 50;
export const MAX_STAGES = 30;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

const NameProperty = (required: boolean) =>
  applyDecorators(
    ...(required ? [ApiProperty({ minLength: 1, maxLength: 120 })] : [ApiPropertyOptional({ minLength: 1, maxLength: 120 }), Absent()]),
    Transform(trim),
    IsString(),
    MinLength(1),
    MaxLength(120),
  );

const ColorProperty = () =>
  applyDecorators(
    ApiPropertyOptional({ pattern: '^#[0-9a-f]{6}$', example: '#0ea5e9', description: 'Colour on the board, `#rrggbb` (stored in lower case); default slate' }),
    Absent(),
    Transform(lowerCase),
    IsString(),
    Matches(/^#[0-9a-f]{6}$/, { message: 'color must be a colour such as #0ea5e9' }),
  );

const ProbabilityProperty = () =>
  applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 100, description: 'Win probability in percent, weighting the forecast; default by kind (won 100, lost 0, open 10)' }),
    Absent(),
    IsInt(),
    Min(0),
    Max(100),
  );

const KindProperty = (description: string) =>
  applyDecorators(ApiPropertyOptional({ enum: STAGE_KINDS, enumName: 'StageKind', description }), Absent(), IsIn(STAGE_KINDS));

const VersionProperty = () =>
  applyDecorators(
    ApiPropertyOptional({ minimum: 1, description: 'The version being changed; or send If-Match' }),
    IsOptional(),
    IsInt(),
    Min(1),
  );

const IdsProperty = (max: number, description: string) =>
  applyDecorators(
    ApiProperty({ type: [String], format: 'uuid', maxItems: max, description }),
    IsArray(),
    ArrayMaxSize(max),
    ArrayUnique(),
    IsUUID('all', { each: true }),
  );

/** A stage as part of a new pipeline. */
export class NewStageDto {
  @NameProperty(true)
  name: string;

  @ColorProperty()
  color?: string;

  @ProbabilityProperty()
  probability?: number;

  @KindProperty('Default open')
  kind?: StageKind;
}

export class CreateStageDto extends NewStageDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description: 'Where to insert it, 0 first; by default an open stage goes after the last open one, a won or lost stage last',
  })
  @Absent()
  @IsInt()
  @Min(0)
  position?: number;
}

export class UpdateStageDto {
  @NameProperty(false)
  name?: string;

  @ColorProperty()
  color?: string;

  @ProbabilityProperty()
  probability?: number;

  @KindProperty('Refused while deals are in the stage, and for the last open stage of the pipeline')
  kind?: StageKind;

  @VersionProperty()
  version?: number;
}

export class CreatePipelineDto {
  @NameProperty(true)
  name: string;

  @ApiPropertyOptional({
    type: [NewStageDto],
    minItems: 1,
    maxItems: MAX_STAGES,
    description: 'Its stages in order, at least one of them open. Without them the pipeline gets a default set: four open stages, Won and Lost',
  })
  @Absent()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STAGES)
  @ValidateNested({ each: true })
  @Type(() => NewStageDto)
  stages?: NewStageDto[];
}

export class UpdatePipelineDto {
  @NameProperty(false)
  name?: string;

  @VersionProperty()
  version?: number;
}

export class ReorderPipelinesDto {
  @IdsProperty(MAX_PIPELINES, 'Every pipeline, in the new order')
  ids: string[];
}

export class ReorderStagesDto {
  @IdsProperty(MAX_STAGES, 'Every stage of the pipeline exactly once, in the new order')
  ids: string[];
}

export class PipelineStageDto extends VersionedRecordDto {
  @ApiProperty({ format: 'uuid' })
  pipelineId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'Order on the board, 0 first' })
  position: number;

  @ApiProperty({ example: '#0ea5e9' })
  color: string;

  @ApiProperty({ minimum: 0, maximum: 100 })
  probability: number;

  @ApiProperty({ enum: STAGE_KINDS, enumName: 'StageKind', description: 'Deals in an open stage are in progress; a won or lost stage closes them' })
  kind: StageKind;
}

export class PipelineDto extends VersionedRecordDto {
  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'Order among pipelines, 0 first' })
  position: number;

  @ApiProperty({ type: [PipelineStageDto], description: 'By position' })
  stages: PipelineStageDto[];
}

export class PipelineListDto {
  @ApiProperty({ type: [PipelineDto], description: 'Every pipeline by position' })
  items: PipelineDto[];
}

/** The refusal to delete a pipeline or stage that holds deals, saying where they are. */
export class DealsInTheWayProblemDto extends ProblemDto {
  @ApiPropertyOptional({ description: 'Deals (not in the trash) in the way' })
  dealCount?: number;

  @ApiPropertyOptional({ description: 'Deals in the trash in the way' })
  trashedDealCount?: number;

  @ApiPropertyOptional({ format: 'uuid' })
  pipelineId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  stageId?: string;

  @ApiPropertyOptional({ example: '/api/v1/deals?stageId=3f0c…', description: 'The list of those deals' })
  dealsUrl?: string;
}

export function toPipelineStageDto(stage: PipelineStage): PipelineStageDto {
  return {
    id: stage.id,
    createdAt: stage.createdAt.toISOString(),
    updatedAt: stage.updatedAt.toISOString(),
    version: stage.version,
    pipelineId: stage.pipelineId,
    name: stage.name,
    position: stage.position,
    color: stage.color,
    probability: stage.probability,
    kind: stage.kind,
  };
}

/** `stages` must be the pipeline's own, in order. */
export function toPipelineDto(pipeline: Pipeline, stages: PipelineStage[]): PipelineDto {
  return {
    id: pipeline.id,
    createdAt: pipeline.createdAt.toISOString(),
    updatedAt: pipeline.updatedAt.toISOString(),
    version: pipeline.version,
    name: pipeline.name,
    position: pipeline.position,
    stages: stages.map(toPipelineStageDto),
  };
}
