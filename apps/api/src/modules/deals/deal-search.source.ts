import { likePattern } from '../../core/list/list-filters.js';
import type { SearchHitDto } from '../search/dto/search.dto.js';
import type { SearchSource } from '../search/search-sources.js';
import { moneyText } from './deal-amounts.js';
import { ownerScope, SqlParams } from './deal-sql.js';

interface DealHitRow {
  id: string;
  title: string;
  subtitle: string | null;
  rank: number;
  amount: string;
  currency: string;
  stage_name: string;
}

/**
 * Deals in global search, by title: a fragment of it, or words typed with a typo (word similarity over the trigram
 * index of `deals.search`, as for names of contacts). Only live deals the actor may read; the company in the
 * subtitle only where the actor may read it too.
 */
export const dealSearchSource: SearchSource = {
  kind: 'deal',
  async find(manager, actor, terms, limit) {
    if (!terms.name) return [];
    const params = new SqlParams();
    const name = params.param(terms.name);
    const fragment = params.param(likePattern(terms.name));
    const conditions = ['d.deleted_at IS NULL', `(d.search %> ${name} OR d.search LIKE ${fragment})`];
    const scope = ownerScope(params, actor, 'deal', 'read', 'd.owner_id');
    if (scope) conditions.push(scope);
    const companyScope = ownerScope(params, actor, 'company', 'read', 'co.owner_id');
    const rows: DealHitRow[] = await manager.query(
      `SELECT d.id, d.title, concat_ws(' · ', s.name, co.name) AS subtitle, CAST(word_similarity(${name}, d.search) AS real) AS rank,
              d.amount, d.currency, s.name AS stage_name
       FROM deals d
       JOIN pipeline_stages s ON s.id = d.stage_id
       LEFT JOIN companies co ON co.id = d.company_id AND co.deleted_at IS NULL${companyScope ? ` AND ${companyScope}` : ''}
       WHERE ${conditions.join(' AND ')}
       ORDER BY rank DESC, d.title, d.id
       LIMIT ${params.param(limit)}`,
      params.values,
    );
    return rows.map(
      (row): SearchHitDto => ({
        kind: 'deal',
        id: row.id,
        title: row.title,
        subtitle: row.subtitle,
        matched: 'name',
        rank: row.rank,
        deal: { amount: moneyText(row.amount, row.currency), currency: row.currency, stageName: row.stage_name },
      }),
    );
  },
};
