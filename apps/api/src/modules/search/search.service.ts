import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { levelFor } from '../../core/access/access.js';
import type { Actor } from '../../core/auth/actor.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config.js';
import type { SearchHitDto, SearchQueryDto, SearchResultsDto } from './dto/search.dto.js';
import { SEARCH_SOURCES } from './search-sources.js';
import { searchTerms } from './search-terms.js';

const byRank = (a: SearchHitDto, b: SearchHitDto) => b.rank - a.rank || a.title.localeCompare(b.title) || a.id.localeCompare(b.id);

@Injectable()
export class SearchService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The best hits across every kind the actor may read: one query per kind, each cut to `limit`, then merged. */
  async searchRecords(actor: Actor, query: SearchQueryDto): Promise<SearchResultsDto> {
    const terms = searchTerms(query.q, this.config.defaultPhoneRegion);
    const sources = SEARCH_SOURCES.filter((source) => levelFor(actor, source.kind, 'read') !== 'none');
    const hits = await Promise.all(sources.map((source) => source.find(this.dataSource.manager, actor, terms, query.limit)));
    return { items: hits.flat().sort(byRank).slice(0, query.limit) };
  }
}
