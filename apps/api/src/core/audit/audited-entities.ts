import type { Entity } from '@crm/permissions';

/** Tables of the entities whose history can be read, to check that the reader may see the record itself. */
export const AUDITED_TABLES: Partial<Record<Entity, string>> = {
  company: 'companies',
  contact: 'contacts',
  deal: 'deals',
  task: 'tasks',
};

export const AUDITED_ENTITIES = Object.keys(AUDITED_TABLES) as Entity[];

/**
 * Everything the audit log records: the entities of the permission matrix, and notes, whose access follows the record
 * they belong to. A note's history is read on that record's timeline, not through GET /audit.
 */
export type AuditedEntity = Entity | 'note';
