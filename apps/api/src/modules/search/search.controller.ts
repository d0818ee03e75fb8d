import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Authenticated, CurrentActor } from '../../core/auth/auth.decorators.js';
import { SearchQueryDto, SearchResultsDto } from './dto/search.dto.js';
import { SearchService } from './search.service.js';

@ApiTags('search')
@Controller('search')
export class SearchController {
  constructor(private readonly service: SearchService) {}

  /** Finds companies and contacts you may read by name (typos tolerated), email, phone (or its last digits) or tax id. */
  @Get()
  @Authenticated()
  @ApiOkResponse({ type: SearchResultsDto })
  searchRecords(@CurrentActor() actor: Actor, @Query() query: SearchQueryDto): Promise<SearchResultsDto> {
    return this.service.searchRecords(actor, query);
  }
}
