import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
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
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import { IfMatch, IfMatchHeader } from '../../core/records/version.js';
import {
  CreateLostReasonDto,
  ListLostReasonsQueryDto,
  LostReasonDto,
  LostReasonListDto,
  ReorderLostReasonsDto,
  UpdateLostReasonDto,
} from './dto/lost-reason.dto.js';
import { LostReasonsService } from './lost-reasons.service.js';

@ApiTags('lost-reasons')
@Controller('lost-reasons')
export class LostReasonsController {
  constructor(private readonly service: LostReasonsService) {}

  /** The active reasons by position (all of them with `includeInactive=true`); for anyone who may read deals or settings. */
  @Get()
  @Authenticated()
  @ApiForbiddenResponse({ type: ProblemDto, description: 'Your role may read neither deals nor settings' })
  @ApiOkResponse({ type: LostReasonListDto })
  listLostReasons(@CurrentActor() actor: Actor, @Query() query: ListLostReasonsQueryDto): Promise<LostReasonListDto> {
    return this.service.listLostReasons(actor, query);
  }

  /** Adds a reason, last. */
  @Post()
  @Can('settings', 'update')
  @ApiCreatedResponse({ type: LostReasonDto })
  @ApiConflictResponse({ type: ProblemDto, description: '`lost_reason_name_taken`, or `settings_limit` at 100 reasons' })
  createLostReason(@CurrentActor() actor: Actor, @Body() dto: CreateLostReasonDto): Promise<LostReasonDto> {
    return this.service.createLostReason(actor, dto);
  }

  /** Puts every reason, active or not, in a new order; answers all of them. */
  @Put('order')
  @Can('settings', 'update')
  @ApiOkResponse({ type: LostReasonListDto })
  reorderLostReasons(@CurrentActor() actor: Actor, @Body() dto: ReorderLostReasonsDto): Promise<LostReasonListDto> {
    return this.service.reorderLostReasons(actor, dto);
  }

  /** Renames, activates or deactivates the reason; needs the version you read. */
  @Patch(':id')
  @Can('settings', 'update')
  @IfMatchHeader()
  @ApiOkResponse({ type: LostReasonDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such lost reason' })
  @ApiConflictResponse({ type: ProblemDto, description: '`version_conflict`, or `lost_reason_name_taken`' })
  updateLostReason(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateLostReasonDto,
    @IfMatch() ifMatch?: number,
  ): Promise<LostReasonDto> {
    return this.service.updateLostReason(actor, id, dto, ifMatch);
  }

  /**
   * Deletes a reason that no deal names. A reason that deals name (in the trash too) is never deleted: the answer is
   * 409 `lost_reason_in_use` with `dealCount`; deactivate it instead (PATCH `active: false`), which keeps it on those
   * deals and out of the pickers.
   */
  @Delete(':id')
  @Can('settings', 'update')
  @HttpCode(204)
  @IfMatchHeader()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such lost reason' })
  @ApiConflictResponse({ type: ProblemDto, description: '`lost_reason_in_use` (with `dealCount`), or `version_conflict`' })
  deleteLostReason(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatch() ifMatch?: number): Promise<void> {
    return this.service.deleteLostReason(actor, id, ifMatch);
  }
}
