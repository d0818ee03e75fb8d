import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Can, CurrentActor } from '../../core/auth/auth.decorators.js';
import { IdParam } from '../../core/http/id-param.js';
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import { IfMatch, IfMatchHeader } from '../../core/records/version.js';
import { DealLineItemsService } from './deal-line-items.service.js';
import { DealStagesService } from './deal-stages.service.js';
import { DealsService } from './deals.service.js';
import { ReplaceDealLineItemsDto } from './dto/deal-line-item.dto.js';
import { DealStageHistoryPageDto, ListDealStageHistoryQueryDto, MoveDealStageDto } from './dto/deal-stage.dto.js';
import { CreateDealDto, DealDetailDto, DealDto, DealPageDto, ListDealsQueryDto, UpdateDealDto } from './dto/deal.dto.js';

@ApiTags('deals')
@Controller('deals')
@ApiNotFoundResponse({ type: ProblemDto, description: 'No such deal within your reach' })
export class DealsController {
  constructor(
    private readonly deals: DealsService,
    private readonly stages: DealStagesService,
    private readonly lineItems: DealLineItemsService,
  ) {}

  /** Lists the deals you may read, a page at a time. */
  @Get()
  @Can('deal', 'read')
  @ApiOkResponse({ type: DealPageDto })
  listDeals(@CurrentActor() actor: Actor, @Query() query: ListDealsQueryDto): Promise<DealPageDto> {
    return this.deals.listDeals(actor, query);
  }

  /** The deal with its line items and the time it has spent in each stage. */
  @Get(':id')
  @Can('deal', 'read')
  @ApiOkResponse({ type: DealDetailDto })
  getDeal(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<DealDetailDto> {
    return this.deals.getDeal(actor, id);
  }

  /** Creates a deal in a stage (by default the first open stage of the first pipeline), with its first history row. */
  @Post()
  @Can('deal', 'create')
  @ApiCreatedResponse({ type: DealDetailDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'Invalid fields, a stage, pipeline, company or contact you cannot reach, or a lost stage without an active lost reason' })
  @ApiConflictResponse({ type: ProblemDto, description: 'amount together with lineItems (amount_from_line_items), or no pipeline or open stage to start in' })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'A line\'s product is priced in another currency (product_currency_mismatch)' })
  createDeal(@CurrentActor() actor: Actor, @Body() dto: CreateDealDto): Promise<DealDetailDto> {
    return this.deals.createDeal(actor, dto);
  }

  /** Changes some fields but not the stage (see moveDealStage); needs the version you read (body `version` or If-Match). */
  @Patch(':id')
  @Can('deal', 'update')
  @IfMatchHeader()
  @ApiOkResponse({ type: DealDetailDto })
  @ApiConflictResponse({
    type: ProblemDto,
    description: 'The deal changed since you read it (version_conflict), or it has line items, which make its amount and fix its currency (amount_from_line_items, currency_locked_by_line_items)',
  })
  updateDeal(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: UpdateDealDto, @IfMatch() ifMatch?: number): Promise<DealDetailDto> {
    return this.deals.updateDeal(actor, id, dto, ifMatch);
  }

  @Post(':id/stage')
  @Can('deal', 'update')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Moves the deal to another stage',
    description:
      'Moves the deal to a stage of its pipeline or of another one, and records the move in its history: `won` or `lost` when ' +
      'the stage is of that kind (a lost stage needs an active `lostReasonId`), `reopened` when a won or lost deal goes back ' +
      'to an open stage, `moved` otherwise. A move to the stage the deal is already in changes nothing and answers 200 with ' +
      'the deal as it is (no history row, same version).',
  })
  @ApiOkResponse({ type: DealDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'No such stage (reference_not_found), or a lost stage without an active lost reason (lost_reason_required, lost_reason_inactive)' })
  @ApiConflictResponse({ type: ProblemDto, description: 'The deal changed since you read it (version_conflict)' })
  @ApiUnprocessableEntityResponse({
    type: ProblemDto,
    description: 'deals.requireNextTask is on and a move to an open stage has neither an open task on the deal nor a nextTask (next_task_required)',
  })
  moveDealStage(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: MoveDealStageDto): Promise<DealDto> {
    return this.stages.moveDealStage(actor, id, dto);
  }

  /** The deal's stage changes, newest first, with the time spent in the stage each one left. */
  @Get(':id/stage-history')
  @Can('deal', 'read')
  @ApiOkResponse({ type: DealStageHistoryPageDto })
  listDealStageHistory(@CurrentActor() actor: Actor, @IdParam() id: string, @Query() query: ListDealStageHistoryQueryDto): Promise<DealStageHistoryPageDto> {
    return this.stages.listDealStageHistory(actor, id, query);
  }

  /**
   * Replaces all line items of the deal; its amount becomes the sum of their totals. An empty list removes them and leaves
   * the amount editable.
   */
  @Put(':id/line-items')
  @Can('deal', 'update')
  @ApiOkResponse({ type: DealDetailDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'Invalid lines, or a product that does not exist' })
  @ApiConflictResponse({ type: ProblemDto, description: 'The deal changed since you read it (version_conflict)' })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'A product priced in another currency than the deal, with no price of the line\'s own (product_currency_mismatch)' })
  replaceDealLineItems(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: ReplaceDealLineItemsDto): Promise<DealDetailDto> {
    return this.lineItems.replaceDealLineItems(actor, id, dto);
  }

  /** Moves the deal to the trash; restore brings it back. */
  @Delete(':id')
  @Can('deal', 'delete')
  @HttpCode(204)
  @IfMatchHeader()
  @ApiNoContentResponse({ description: 'Deleted' })
  deleteDeal(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatch() ifMatch?: number): Promise<void> {
    return this.deals.deleteDeal(actor, id, ifMatch);
  }

  @Post(':id/restore')
  @Can('deal', 'delete')
  @HttpCode(200)
  @ApiOkResponse({ type: DealDto })
  restoreDeal(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<DealDto> {
    return this.deals.restoreDeal(actor, id);
  }
}
