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
}

/**
 * Applies the shared filters, each backed by an index: owner and team (b-tree on owner), tags (GIN), created range
 * and inactivity (b-tree on created_at and updated_at) and text (trigram GIN on the generated `search` column).
 */
export function applyOwnedListFilters<T extends OwnedRecord>(
  query: SelectQueryBuilder<T>,
  alias: string,
  filters: OwnedListFilters,
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
