import type { EntityManager, EntityTarget, SelectQueryBuilder } from 'typeorm';
import { levelFor, ownerCondition, scopeToActor } from '../../core/access/access.js';
import type { Actor } from '../../core/auth/actor.js';
import type { OwnedRecord } from '../../core/records/owned-record.entity.js';
import { Company } from '../companies/company.entity.js';
import { Contact } from '../contacts/contact.entity.js';
import { dealSearchSource } from '../deals/deal-search.source.js';
import type { SearchHitDto, SearchKind, SearchMatch } from './dto/search.dto.js';
import type { SearchTerms } from './search-terms.js';

/**
 * One kind of record global search looks through. `find` runs one query, narrowed to the records the actor may read,
 * and answers its best `limit` hits; a new kind (deals) is one more source in SEARCH_SOURCES.
 */
export interface SearchSource {
  kind: SearchKind;
  find(manager: EntityManager, actor: Actor, terms: SearchTerms, limit: number): Promise<SearchHitDto[]>;
}

interface Way {
  condition: string;
  matched: SearchMatch;
  /** The hit's rank when found this way. */
  score: string;
}

const EXACT = (condition: string) => `CASE WHEN ${condition} THEN 1 ELSE 0 END`;

/**
 * The ways a client record is found, in order of trust, each backed by an index: the tax id by its b-tree, emails and
 * phones by the GIN indexes of their normalized arrays, a phone's tail and the name by trigram indexes. The `%>`
 * operator keeps names whose word similarity to the query reaches pg_trgm.word_similarity_threshold (0.6 by default:
 * one wrong letter in a name of five or more, as in Ivanof for Ivanov).
 */
function waysToFind(alias: string, name: string, terms: SearchTerms, hasTaxId: boolean): Way[] {
  const ways: Way[] = [];
  const key = (condition: string, matched: SearchMatch) => ways.push({ condition, matched, score: EXACT(condition) });
  if (terms.taxId && hasTaxId) key(`${alias}.tax_id_normalized = :taxId`, 'taxId');
  if (terms.email) key(`${alias}.emails_normalized @> ARRAY[CAST(:email AS text)]`, 'email');
  if (terms.phone) key(`${alias}.phones_normalized @> ARRAY[CAST(:phone AS text)]`, 'phone');
  if (terms.phoneDigits) {
    const condition = `crm_phones_text(${alias}.phones_normalized) LIKE :phoneSuffix`;
    // Below an exact number: a tail may belong to a number of another country.
    ways.push({ condition, matched: 'phone', score: `CASE WHEN ${condition} THEN 0.9 ELSE 0 END` });
  }
  if (terms.name) ways.push({ condition: `${name} %> :name`, matched: 'name', score: `word_similarity(:name, ${name})` });
  return ways;
}

function clientRecordSource<T extends OwnedRecord>(options: {
  kind: SearchKind;
  target: EntityTarget<T>;
  alias: string;
  /** The name as the trigram index holds it. */
  name: string;
  title: string;
  subtitle: string;
  hasTaxId: boolean;
  /** Joins what the subtitle shows. */
  join?: (query: SelectQueryBuilder<T>, actor: Actor) => void;
}): SearchSource {
  const { kind, alias } = options;
  return {
    kind,
    async find(manager, actor, terms, limit) {
      const ways = waysToFind(alias, options.name, terms, options.hasTaxId);
      if (!ways.length) return [];
      const query = manager
        .getRepository(options.target)
        .createQueryBuilder(alias)
        .select(`${alias}.id`, 'id')
        .addSelect(options.title, 'title')
        .addSelect(options.subtitle, 'subtitle')
        .addSelect(`CASE ${ways.map((way) => `WHEN ${way.condition} THEN '${way.matched}'`).join(' ')} END`, 'matched')
        .addSelect(`CAST(GREATEST(${ways.map((way) => way.score).join(', ')}) AS real)`, 'rank')
        .where(`${alias}.deleted_at IS NULL`)
        .andWhere(`(${ways.map((way) => way.condition).join(' OR ')})`, {
          ...terms,
          phoneSuffix: terms.phoneDigits && `%${terms.phoneDigits} %`,
        });
      options.join?.(query, actor);
      const rows = await scopeToActor(query, actor, kind, 'read')
        .orderBy('rank', 'DESC')
        .addOrderBy('title')
        .addOrderBy(`${alias}.id`)
        .limit(limit)
        .getRawMany<{ id: string; title: string; subtitle: string | null; matched: SearchMatch; rank: number }>();
      return rows.map((row) => ({ kind, ...row, subtitle: row.subtitle || null }));
    },
  };
}

/** The first email and phone, which tell records of one name apart. */
const contactPoints = (alias: string) => `${alias}.emails->0->>'value', ${alias}.phones->0->>'value'`;

export const SEARCH_SOURCES: SearchSource[] = [
  clientRecordSource({
    kind: 'company',
    target: Company,
    alias: 'co',
    name: 'lower(co.name)',
    title: 'co.name',
    subtitle: `NULLIF(concat_ws(' · ', co.tax_id, ${contactPoints('co')}), '')`,
    hasTaxId: true,
  }),
  clientRecordSource({
    kind: 'contact',
    target: Contact,
    alias: 'c',
    name: 'lower(c.full_name)',
    title: 'c.full_name',
    subtitle: `NULLIF(concat_ws(' · ', employer.name, ${contactPoints('c')}), '')`,
    hasTaxId: false,
    // The employer's name only where the actor may read the company too.
    join: (query, actor) =>
      query.leftJoin(
        Company,
        'employer',
        `employer.id = c.company_id AND employer.deleted_at IS NULL AND ${ownerCondition(levelFor(actor, 'company', 'read'), 'employer.owner_id')}`,
        { accessUserId: actor.userId, accessTeamId: actor.teamId },
      ),
  }),
  dealSearchSource,
];
