import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Authenticated, CurrentActor } from '../../core/auth/auth.decorators.js';
import { IdParam } from '../../core/http/id-param.js';
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import { IfMatch, IfMatchHeader } from '../../core/records/version.js';
import { CreateSegmentDto, ListSegmentsQueryDto, SegmentDto, SegmentPageDto, UpdateSegmentDto } from './dto/segment.dto.js';
import { SegmentsService } from './segments.service.js';

// Segments are the reader's own views of a list: the permission that matters is reading the records they filter,
// checked per entity in the service (403 when the role may not read contacts or companies at all).
@ApiTags('segments')
@Controller('segments')
export class SegmentsController {
  constructor(private readonly service: SegmentsService) {}

  /** Your segments of a list and those your team shares, by name; with withCounts=true, how many records each matches for you. */
  @Get()
  @Authenticated()
  @ApiOkResponse({ type: SegmentPageDto })
  listSegments(@CurrentActor() actor: Actor, @Query() query: ListSegmentsQueryDto): Promise<SegmentPageDto> {
    return this.service.listSegments(actor, query);
  }

  /** Saves a list filter under a name, for yourself or your team. */
  @Post()
  @Authenticated()
  @ApiCreatedResponse({ type: SegmentDto })
  createSegment(@CurrentActor() actor: Actor, @Body() dto: CreateSegmentDto): Promise<SegmentDto> {
    return this.service.createSegment(actor, dto);
  }

  /** Renames a segment of yours, changes its visibility or filter; needs the version you read. */
  @Patch(':id')
  @Authenticated()
  @IfMatchHeader()
  @ApiOkResponse({ type: SegmentDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No segment of yours with this id' })
  @ApiConflictResponse({ type: ProblemDto, description: 'The segment changed since you read it' })
  updateSegment(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateSegmentDto,
    @IfMatch() ifMatch?: number,
  ): Promise<SegmentDto> {
    return this.service.updateSegment(actor, id, dto, ifMatch);
  }

  @Delete(':id')
  @Authenticated()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No segment of yours with this id' })
  deleteSegment(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<void> {
    return this.service.deleteSegment(actor, id);
  }
}
