import type { Action, Entity } from '@crm/permissions';
import { levelFor, ownerCondition } from '../../core/access/access.js';
import type { Actor } from '../../core/auth/actor.js';
import { likePattern } from '../../core/list/list-filters.js';

/**
 * Positional parameters of a hand-written statement: `param(value)` adds one and answers its placeholder. The board
 * and the forecast build their SQL directly (no query builder) because they run on every view of the pipeline.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The shared access rule (core/access ownerCondition) on `column` for the actor's level, with positional parameters;
 * null when the level reaches every record.
 */
export function ownerScope(params: SqlParams, actor: Actor, entity: Entity, action: Action, column: string): string | null {
  const level = levelFor(actor, entity, action);
  if (level === 'all') return null;
  if (level === 'none') return ownerCondition(level, column);
  const userId = params.param(actor.userId);
  return ownerCondition(level, column, { userId, teamId: level === 'team' ? params.param(actor.teamId) : '' });
}

/** Filters on deals (aliased `d`) that the board and the forecast share. */
export interface DealFilters {
  ownerId?: string[];
  teamId?: string[];
  tag?: string[];
  q?: string;
}

/**
 * Conditions on live deals (alias `d`) within the actor's `deal` read level and the filters. The level and the owner
 * filters read only `owner_id`, which the board and forecast indexes include, so they need no visit to the table.
 */
export function dealConditions(params: SqlParams, actor: Actor, filters: DealFilters): string[] {
  const terms = ['d.deleted_at IS NULL'];
  const scope = ownerScope(params, actor, 'deal', 'read', 'd.owner_id');
  if (scope) terms.push(scope);
  if (filters.ownerId?.length) terms.push(`d.owner_id = ANY(CAST(${params.param(filters.ownerId)} AS uuid[]))`);
  if (filters.teamId?.length) {
    terms.push(`d.owner_id IN (SELECT team_u.id FROM users team_u WHERE team_u.team_id = ANY(CAST(${params.param(filters.teamId)} AS uuid[])))`);
  }
  if (filters.tag?.length) terms.push(`d.tags @> CAST(${params.param(filters.tag.map((tag) => tag.trim().toLowerCase()))} AS text[])`);
  if (filters.q?.trim()) terms.push(`d.search LIKE ${params.param(likePattern(filters.q))}`);
  return terms;
}
