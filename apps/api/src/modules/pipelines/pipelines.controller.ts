import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Authenticated, Can, CurrentActor } from '../../core/auth/auth.decorators.js';
import { IdParam } from '../../core/http/id-param.js';
import { ValidationFailedException } from '../../core/http/validation.js';
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import { IfMatch, IfMatchHeader } from '../../core/records/version.js';
import {
  CreatePipelineDto,
  CreateStageDto,
  DealsInTheWayProblemDto,
  PipelineDto,
  PipelineListDto,
  PipelineStageDto,
  ReorderPipelinesDto,
  ReorderStagesDto,
  UpdatePipelineDto,
  UpdateStageDto,
} from './dto/pipeline.dto.js';
import { PipelinesService } from './pipelines.service.js';

const StageIdParam = () =>
  Param(
    'stageId',
    new ParseUUIDPipe({ exceptionFactory: () => new ValidationFailedException([{ field: 'stageId', messages: ['stageId must be a UUID'] }]) }),
  );

const ReadableByDealUsers = () => ApiForbiddenResponse({ type: ProblemDto, description: 'Your role may read neither deals nor settings' });

@ApiTags('pipelines')
@Controller('pipelines')
export class PipelinesController {
  constructor(private readonly service: PipelinesService) {}

  /** Every pipeline by position, each with its stages by position; for anyone who may read deals or settings. */
  @Get()
  @Authenticated()
  @ReadableByDealUsers()
  @ApiOkResponse({ type: PipelineListDto })
  listPipelines(@CurrentActor() actor: Actor): Promise<PipelineListDto> {
    return this.service.listPipelines(actor);
  }

  /** Puts the pipelines in a new order. */
  @Put('order')
  @Can('settings', 'update')
  @ApiOkResponse({ type: PipelineListDto })
  reorderPipelines(@CurrentActor() actor: Actor, @Body() dto: ReorderPipelinesDto): Promise<PipelineListDto> {
    return this.service.reorderPipelines(actor, dto);
  }

  @Get(':id')
  @Authenticated()
  @ReadableByDealUsers()
  @ApiOkResponse({ type: PipelineDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such pipeline' })
  getPipeline(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<PipelineDto> {
    return this.service.getPipeline(actor, id);
  }

  /** Adds a pipeline, last; without `stages` it gets four open stages, Won and Lost. */
  @Post()
  @Can('settings', 'update')
  @ApiCreatedResponse({ type: PipelineDto })
  @ApiConflictResponse({ type: ProblemDto, description: '`pipeline_name_taken`, or `settings_limit` at 50 pipelines' })
  createPipeline(@CurrentActor() actor: Actor, @Body() dto: CreatePipelineDto): Promise<PipelineDto> {
    return this.service.createPipeline(actor, dto);
  }

  /** Renames the pipeline; needs the version you read. */
  @Patch(':id')
  @Can('settings', 'update')
  @IfMatchHeader()
  @ApiOkResponse({ type: PipelineDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such pipeline' })
  @ApiConflictResponse({ type: ProblemDto, description: '`version_conflict`, or `pipeline_name_taken`' })
  updatePipeline(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdatePipelineDto,
    @IfMatch() ifMatch?: number,
  ): Promise<PipelineDto> {
    return this.service.updatePipeline(actor, id, dto, ifMatch);
  }

  /**
   * Deletes the pipeline and its stages. Refused with 409 `pipeline_not_empty` while it holds deals, those in the
   * trash included (the body counts them), and with `last_pipeline` for the only one.
   */
  @Delete(':id')
  @Can('settings', 'update')
  @HttpCode(204)
  @IfMatchHeader()
  @ApiNoContentResponse({ description: 'Deleted with its stages' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such pipeline' })
  @ApiConflictResponse({ type: DealsInTheWayProblemDto, description: '`pipeline_not_empty`, `last_pipeline` or `version_conflict`' })
  deletePipeline(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatch() ifMatch?: number): Promise<void> {
    return this.service.deletePipeline(actor, id, ifMatch);
  }

  /** Adds a stage; by default an open stage goes after the last open one, a won or lost stage last. */
  @Post(':id/stages')
  @Can('settings', 'update')
  @ApiCreatedResponse({ type: PipelineStageDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such pipeline' })
  @ApiConflictResponse({ type: ProblemDto, description: '`settings_limit` at 30 stages' })
  createStage(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: CreateStageDto): Promise<PipelineStageDto> {
    return this.service.createStage(actor, id, dto);
  }

  /** Puts the stages of the pipeline in a new order; `ids` must name each of them exactly once. */
  @Put(':id/stages/order')
  @Can('settings', 'update')
  @ApiOkResponse({ type: PipelineDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such pipeline' })
  reorderStages(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: ReorderStagesDto): Promise<PipelineDto> {
    return this.service.reorderStages(actor, id, dto);
  }

  /**
   * Changes name, colour, probability or kind; needs the version you read. The kind cannot change while deals are in
   * the stage (their status repeats it: 409 `stage_kind_locked`), nor leave the pipeline without an open stage (409
   * `last_open_stage`). A kind change without a probability takes the kind's default.
   */
  @Patch(':id/stages/:stageId')
  @Can('settings', 'update')
  @IfMatchHeader()
  @ApiOkResponse({ type: PipelineStageDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such stage in this pipeline' })
  @ApiConflictResponse({ type: DealsInTheWayProblemDto, description: '`stage_kind_locked`, `last_open_stage` or `version_conflict`' })
  updateStage(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @StageIdParam() stageId: string,
    @Body() dto: UpdateStageDto,
    @IfMatch() ifMatch?: number,
  ): Promise<PipelineStageDto> {
    return this.service.updateStage(actor, id, stageId, dto, ifMatch);
  }

  /**
   * Deletes the stage. Refused with 409 `stage_not_empty` while deals are in it (the body says how many and where to
   * list them: `dealsUrl`), and with `last_open_stage` for the pipeline's only open stage. Deals of the stage that are
   * in the trash move to the nearest stage of the same kind.
   */
  @Delete(':id/stages/:stageId')
  @Can('settings', 'update')
  @HttpCode(204)
  @IfMatchHeader()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such stage in this pipeline' })
  @ApiConflictResponse({ type: DealsInTheWayProblemDto, description: '`stage_not_empty`, `last_open_stage` or `version_conflict`' })
  deleteStage(@CurrentActor() actor: Actor, @IdParam() id: string, @StageIdParam() stageId: string, @IfMatch() ifMatch?: number): Promise<void> {
    return this.service.deleteStage(actor, id, stageId, ifMatch);
  }
}
