import type { Action, Entity } from '@crm/permissions';
import type { EntityManager } from 'typeorm';
import { scopeToActor } from '../access/access.js';
import type { Actor } from '../auth/actor.js';
import { RecordException } from '../http/domain-exception.js';

/** The owned records other records hang off (notes and timelines now; tasks, calls and documents later). */
export const CLIENT_RECORD_KINDS = ['contact', 'company', 'deal'] as const satisfies readonly Entity[];
export type ClientRecordKind = (typeof CLIENT_RECORD_KINDS)[number];

const TABLES: Record<ClientRecordKind, string> = { contact: 'contacts', company: 'companies', deal: 'deals' };

/** Whether the live (not trashed) client record lies within the actor's level for `action`. */
export async function isWithinReach(
  manager: EntityManager,
  actor: Actor,
  kind: ClientRecordKind,
  id: string,
  action: Action,
  options: { lock?: boolean } = {},
): Promise<boolean> {
  const record = manager.createQueryBuilder().select('r.id').from(TABLES[kind], 'r').where('r.id = :id AND r.deleted_at IS NULL', { id });
  // A share lock keeps the record from being deleted or merged away while something is attached to it.
  if (options.lock) record.setLock('pessimistic_read');
  return (await scopeToActor(record, actor, kind, action).getRawOne()) !== undefined;
}

/** The same, answering 404 for a record that is missing, trashed or out of reach alike. */
export async function assertWithinReach(
  manager: EntityManager,
  actor: Actor,
  kind: ClientRecordKind,
  id: string,
  action: Action,
  options: { lock?: boolean } = {},
): Promise<void> {
  if (!(await isWithinReach(manager, actor, kind, id, action, options))) throw RecordException.notFound(kind);
}
