import type { SelectQueryBuilder } from 'typeorm';
import { likePattern } from '../list/list-filters.js';
import type { OwnedRecord } from './owned-record.entity.js';

/** Filters every list of owned client records understands. */
export interface OwnedListFilters {
  q?: string;
  ownerId?: string[];
  tag?: string[];
  createdFrom?: string;
  createdTo?: string;
}

/**
 * Applies the shared filters, each backed by an index: owner (b-tree), tags (GIN), created range (b-tree) and
 * text (trigram GIN on the generated `search` column).
 */
export function applyOwnedListFilters<T extends OwnedRecord>(
  query: SelectQueryBuilder<T>,
  alias: string,
  filters: OwnedListFilters,
): SelectQueryBuilder<T> {
  if (filters.ownerId?.length) query.andWhere(`${alias}.ownerId IN (:...ownerIds)`, { ownerIds: filters.ownerId });
  if (filters.tag?.length) {
    query.andWhere(`${alias}.tags @> CAST(:tags AS text[])`, { tags: filters.tag.map((tag) => tag.trim().toLowerCase()) });
  }
  if (filters.createdFrom) query.andWhere(`${alias}.createdAt >= :createdFrom`, { createdFrom: filters.createdFrom });
  if (filters.createdTo) query.andWhere(`${alias}.createdAt < :createdTo`, { createdTo: filters.createdTo });
  if (filters.q?.trim()) query.andWhere(`${alias}.search LIKE :q`, { q: likePattern(filters.q) });
  return query;
}
