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
 * Applies the shared filters, each backed by an index: owner and team (b-tree on owner), tags (GIN), created range
 * and inactivity (b-tree on created_at and updated_at) and text (trigram GIN on the generated `search` column).
 */
export function applyOwnedListFilters<T extends OwnedRecord>(
  query: SelectQueryBuilder<T>,
  alias: string,
  filters: OwnedListFilters,
  /** The kind of record listed, for the filters that depend on it (`hasOpenDeal`). */
  options: { kind?: 'contact' | 'company' } = {},
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
  // Activity is the last update until notes and calls exist; they will count once the timeline records them.
  if (filters.noActivityDays) {
    query.andWhere(`${alias}.updatedAt < now() - make_interval(days => :noActivityDays)`, { noActivityDays: filters.noActivityDays });
  }
  if (filters.createdFrom) query.andWhere(`${alias}.createdAt >= :createdFrom`, { createdFrom: filters.createdFrom });
  if (filters.createdTo) query.andWhere(`${alias}.createdAt < :createdTo`, { createdTo: filters.createdTo });
  if (filters.q?.trim()) query.andWhere(`${alias}.search LIKE :q`, { q: likePattern(filters.q) });
  if (filters.hasOpenDeal !== undefined && options.kind) {
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
