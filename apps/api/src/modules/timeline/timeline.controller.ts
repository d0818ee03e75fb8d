import { Controller, Get, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Can, CurrentActor } from '../../core/auth/auth.decorators.js';
import { IdParam } from '../../core/http/id-param.js';
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import { ListTimelineQueryDto, TimelinePageDto } from './dto/timeline.dto.js';
import { TimelineService } from './timeline.service.js';

@ApiTags('timeline')
@Controller()
@ApiNotFoundResponse({ type: ProblemDto, description: 'No such record within your reach' })
export class TimelineController {
  constructor(private readonly service: TimelineService) {}

  /** What happened to the contact, newest first: notes, field-level changes and its deals' stage changes, one page at a time. */
  @Get('contacts/:id/timeline')
  @Can('contact', 'read')
  @ApiOkResponse({ type: TimelinePageDto })
  listContactTimeline(@CurrentActor() actor: Actor, @IdParam() id: string, @Query() query: ListTimelineQueryDto): Promise<TimelinePageDto> {
    return this.service.listTimeline(actor, 'contact', id, query);
  }

  /** What happened to the company, newest first: notes, field-level changes and its deals' stage changes, one page at a time. */
  @Get('companies/:id/timeline')
  @Can('company', 'read')
  @ApiOkResponse({ type: TimelinePageDto })
  listCompanyTimeline(@CurrentActor() actor: Actor, @IdParam() id: string, @Query() query: ListTimelineQueryDto): Promise<TimelinePageDto> {
    return this.service.listTimeline(actor, 'company', id, query);
  }

  /** What happened to the deal, newest first: its stage changes, notes and field-level changes, one page at a time. */
  @Get('deals/:id/timeline')
  @Can('deal', 'read')
  @ApiOkResponse({ type: TimelinePageDto })
  listDealTimeline(@CurrentActor() actor: Actor, @IdParam() id: string, @Query() query: ListTimelineQueryDto): Promise<TimelinePageDto> {
    return this.service.listTimeline(actor, 'deal', id, query);
  }
}
