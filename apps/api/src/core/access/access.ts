import { type Action, type Entity, type Level, levelOf, withinLevel } from '@crm/permissions';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { AuthException } from '../auth/auth.errors.js';
import { RecordException } from '../http/domain-exception.js';

/**
 * Second layer of access control: the actor's level for an action, applied inside the query, so that a list
 * holds only reachable records and a record out of reach is indistinguishable from a missing one.
 */
export function levelFor(actor: Actor, entity: Entity, action: Action): Level {
  return levelOf(actor.permissions, entity, action);
}

/**
 * SQL condition on `ownerColumn` for a level. Parameters are named by default, so they can sit beside the caller's
 * own in a query builder; hand-written statements pass their positional placeholders for the user and team ids.
 */
export function ownerCondition(level: Level, ownerColumn: string, params = { userId: ':accessUserId', teamId: ':accessTeamId' }): string {
  switch (level) {
    case 'all':
      return 'TRUE';
    case 'team':
      return `(${ownerColumn} = ${params.userId} OR ${ownerColumn} IN (SELECT access_u.id FROM users access_u WHERE access_u.team_id = ${params.teamId}))`;
    case 'own':
      return `${ownerColumn} = ${params.userId}`;
    case 'none':
      return 'FALSE';
  }
}

/**
 * Settings that records depend on (the custom fields of contacts, the pipelines and products of deals) are read by
 * everyone who works with those records, not only by those who administer them: `entity` read or `settings` read.
 */
export function assertMayReadSettingsOf(actor: Actor, entity: Entity): void {
  if (levelFor(actor, entity, 'read') === 'none' && levelFor(actor, 'settings', 'read') === 'none') {
    throw new AuthException('permission_denied', `Your role may read neither ${entity} records nor settings.`);
  }
}

/** Narrows a query on an owned entity to what `actor` may `action`. */
export function scopeToActor<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  actor: Actor,
  entity: Entity,
  action: Action,
  alias = query.alias,
): SelectQueryBuilder<T> {
  const level = levelFor(actor, entity, action);
  if (level === 'all') return query;
  return query.andWhere(ownerCondition(level, `${alias}.owner_id`), {
    accessUserId: actor.userId,
    accessTeamId: actor.teamId,
  });
}

/**
 * Whether `actor` may make `ownerId` the owner of a record with `action` (create or update): a rep with `own`
 * may only own records themselves, a head with `team` may hand them within the team.
 */
export async function assertAssignableOwner(
  manager: EntityManager,
  actor: Actor,
  entity: Entity,
  action: Action,
  ownerId: string,
): Promise<void> {
  const rows: { team_id: string | null }[] = await manager.query(
    'SELECT team_id FROM users WHERE id = $1 AND active',
    [ownerId],
  );
  const owner = rows[0];
  if (!owner) throw RecordException.referenceNotFound('ownerId');
  const level = levelFor(actor, entity, action);
  if (!withinLevel(level, actor, { ownerId, ownerTeamId: owner.team_id })) {
    throw RecordException.ownerNotAllowed(entity);
  }
}
