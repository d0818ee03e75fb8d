import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Can, CurrentActor } from '../../core/auth/auth.decorators.js';
import { IdParam } from '../../core/http/id-param.js';
import { ValidationFailedException } from '../../core/http/validation.js';
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import { DealBoardService } from './deal-board.service.js';
import { DealBoardDto, DealBoardQueryDto, DealBoardStagePageDto, DealBoardStageQueryDto } from './dto/deal-board.dto.js';

const StageIdParam = () =>
  Param(
    'stageId',
    new ParseUUIDPipe({
      exceptionFactory: () => new ValidationFailedException([{ field: 'stageId', messages: ['stageId must be a UUID'] }]),
    }),
  );

@ApiTags('deals')
@Controller('pipelines/:id/board')
export class DealBoardController {
  constructor(private readonly service: DealBoardService) {}

  /**
   * The pipeline as a board: every stage with the count and per-currency sums of the deals you may read, and its
   * newest arrivals as cards. Won and lost columns hold the deals closed in the last `closedWithinDays` days.
   */
  @Get()
  @Can('deal', 'read')
  @ApiOkResponse({ type: DealBoardDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such pipeline' })
  getDealBoard(@CurrentActor() actor: Actor, @IdParam() id: string, @Query() query: DealBoardQueryDto): Promise<DealBoardDto> {
    return this.service.getDealBoard(actor, id, query);
  }

  /** The next cards of one stage, from the stage's `nextCursor`, with the board's filters. */
  @Get('stages/:stageId')
  @Can('deal', 'read')
  @ApiOkResponse({ type: DealBoardStagePageDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such stage in the pipeline' })
  listDealBoardStage(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @StageIdParam() stageId: string,
    @Query() query: DealBoardStageQueryDto,
  ): Promise<DealBoardStagePageDto> {
    return this.service.listDealBoardStage(actor, id, stageId, query);
  }
}
