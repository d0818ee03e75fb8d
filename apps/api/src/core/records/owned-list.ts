import type { Type } from '@nestjs/common';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { likePattern } from '../list/list-filters.js';
import type { OwnedRecord } from './owned-record.entity.js';
import type { OwnedRecords } from './owned-records.js';

/** Filters every list of owned client records understands. */
export interface OwnedListFilters {
  q?: string;
  ownerId?: string[];
  tag?: string[];
  tagMatch?: 'all' | 'any';
  /** Owners in these teams. */
  teamId?: string[];
  noActivityDays?: number;
  createdFrom?: string;
  createdTo?: string;
  /** Records on (true) or not on (false) an open deal that is not in the trash. */
  hasOpenDeal?: boolean;
}

/** How contacts and companies are tied to deals, for `hasOpenDeal`; each subquery starts from an index on the link. */
const OPEN_DEALS: Record<'contact' | 'company', (alias: string) => string> = {
  contact: (alias) =>
    `SELECT 1 FROM deal_contacts open_dc JOIN deals open_d ON open_d.id = open_dc.deal_id ` +
    `WHERE open_dc.contact_id = ${alias}.id AND open_d.status = 'open' AND open_d.deleted_at IS NULL`,
  company: (alias) => `SELECT 1 FROM deals open_d WHERE open_d.company_id = ${alias}.id AND open_d.status = 'open' AND open_d.deleted_at IS NULL`,
};

/**
 * What counts as activity on a record besides its own changes (`updated_at`), each a subquery from an index on the
 * link: a note on it, a task on it completed, and for contacts and companies a stage change of one of their deals.
 * `:activitySince` is the cut-off.
 */
function activitySince(kind: RecordKind, alias: string): string[] {
  const notes = `SELECT 1 FROM notes act_n WHERE act_n.entity = '${kind}' AND act_n.entity_id = ${alias}.id AND act_n.created_at >= :activitySince`;
  const tasks = `SELECT 1 FROM tasks act_t WHERE act_t.entity = '${kind}' AND act_t.entity_id = ${alias}.id AND act_t.completed_at >= :activitySince`;
  const deals = {
    contact:
      `SELECT 1 FROM deal_contacts act_dc JOIN deal_stage_history act_h ON act_h.deal_id = act_dc.deal_id ` +
      `WHERE act_dc.contact_id = ${alias}.id AND act_h.changed_at >= :activitySince`,
    company:
      `SELECT 1 FROM deals act_d JOIN deal_stage_history act_h ON act_h.deal_id = act_d.id ` +
      `WHERE act_d.company_id = ${alias}.id AND act_h.changed_at >= :activitySince`,
    // A deal's own moves change its updated_at.
    deal: null,
  }[kind];
  return [notes, tasks, ...(deals ? [deals] : [])];
}

type RecordKind = 'contact' | 'company' | 'deal';

/**
 * Applies the shared filters, each backed by an index: owner and team (b-tree on owner), tags (GIN), created range
 * (b-tree on created_at), inactivity (updated_at, then the activity subqueries above) and text (trigram GIN on the
 * generated `search` column).
 */
export function applyOwnedListFilters<T extends OwnedRecord>(
  query: SelectQueryBuilder<T>,
  alias: string,
  filters: OwnedListFilters,
  /** The kind of record listed, for the filters that depend on it (`hasOpenDeal`, `noActivityDays`). */
  options: { kind: RecordKind },
): SelectQueryBuilder<T> {
  if (filters.ownerId?.length) query.andWhere(`${alias}.ownerId IN (:...ownerIds)`, { ownerIds: filters.ownerId });
  if (filters.tag?.length) {
    const operator = filters.tagMatch === 'any' ? '&&' : '@>';
    query.andWhere(`${alias}.tags ${operator} CAST(:tags AS text[])`, { tags: filters.tag.map((tag) => tag.trim().toLowerCase()) });
  }
  if (filters.teamId?.length) {
    query.andWhere(`${alias}.ownerId IN (SELECT team_u.id FROM users team_u WHERE team_u.team_id IN (:...ownerTeamIds))`, {
      ownerTeamIds: filters.teamId,
    });
  }
  if (filters.noActivityDays) {
    const quiet = activitySince(options.kind, alias).map((activity) => `NOT EXISTS (${activity})`);
    query.andWhere(`${alias}.updatedAt < :activitySince AND ${quiet.join(' AND ')}`, {
      activitySince: new Date(Date.now() - filters.noActivityDays * 86_400_000).toISOString(),
    });
  }
  if (filters.createdFrom) query.andWhere(`${alias}.createdAt >= :createdFrom`, { createdFrom: filters.createdFrom });
  if (filters.createdTo) query.andWhere(`${alias}.createdAt < :createdTo`, { createdTo: filters.createdTo });
  if (filters.q?.trim()) query.andWhere(`${alias}.search LIKE :q`, { q: likePattern(filters.q) });
  if (filters.hasOpenDeal !== undefined && options.kind !== 'deal') {
    query.andWhere(`${filters.hasOpenDeal ? '' : 'NOT '}EXISTS (${OPEN_DEALS[options.kind](alias)})`);
  }
  return query;
}

/**
 * A kind of owned record whose list query can select records beyond one page: saved segments count what it
 * matches and bulk actions change it.
 */
export interface RecordSelection<T extends OwnedRecord, Query extends OwnedListFilters = OwnedListFilters> {
  readonly records: OwnedRecords<T>;
  /** The list's query class, so that a stored filter is validated exactly like the list's parameters. */
  readonly listQuery: Type<Query>;
  /** The records `actor` may `action` that match `query`, unordered and unpaged. */
  matching(actor: Actor, action: 'read' | 'update' | 'delete', query: Query, manager?: EntityManager): Promise<SelectQueryBuilder<T>>;
}
