import { Injectable } from '@nestjs/common';
import { type Entity as PermissionEntity } from '@crm/permissions';
import { DataSource, type EntityManager } from 'typeorm';
import { levelFor, scopeToActor } from '../access/access.js';
import type { Actor } from '../auth/actor.js';
import { AuthException } from '../auth/auth.errors.js';
import { RecordException } from '../http/domain-exception.js';
import { paginate } from '../list/cursor-list.js';
import { AUDITED_TABLES } from './audited-entities.js';
import { type AuditPageDto, type AuditQueryDto, toAuditEntryDto } from './dto/audit.dto.js';
import { type AuditAction, AuditEntry, type FieldChange } from './audit-entry.entity.js';

/** Snapshot of a record as the audit log sees it: plain JSON values keyed by API field name. */
export type AuditSnapshot = Record<string, unknown>;


function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value === undefined ? null : value;
}

/** Field-level difference of two snapshots; fields equal on both sides are left out. */
export function diffSnapshots(before: AuditSnapshot, after: AuditSnapshot): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const from = normalize(before[field]);
    const to = normalize(after[field]);
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
  }
  return changes;
}

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /** Writes one entry inside the caller's transaction, so a change and its audit commit or fail together. */
  async record(
    manager: EntityManager,
    actor: Actor,
    entity: PermissionEntity,
    entityId: string,
    action: AuditAction,
    before: AuditSnapshot,
    after: AuditSnapshot,
  ): Promise<void> {
    const changes = diffSnapshots(before, after);
    if (action === 'update' && Object.keys(changes).length === 0) return;
    await manager.insert(AuditEntry, {
      entity,
      entityId,
      action,
      actorUserId: actor.kind === 'user' ? actor.userId : null,
      actorApiKeyId: actor.apiKeyId,
      // TypeORM's insert typing cannot express a JSON column of unknown values.
      changes: changes as never,
      requestId: actor.requestId,
    });
  }

  /** History of one record, newest first, for whoever may read the record (deleted ones included). */
  async listAuditEntries(actor: Actor, query: AuditQueryDto): Promise<AuditPageDto> {
    const { entity, id: entityId } = query;
    const table = AUDITED_TABLES[entity];
    const level = levelFor(actor, entity, 'read');
    if (!table) throw RecordException.notFound(entity);
    if (level === 'none') throw new AuthException('permission_denied', `Your role may not read ${entity} records.`);
    const record = this.dataSource.createQueryBuilder().select('r.id').from(table, 'r').where('r.id = :entityId', { entityId });
    if (!(await scopeToActor(record, actor, entity, 'read').getRawOne())) throw RecordException.notFound(entity);
    const entries = this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .where('a.entity = :entity AND a.entityId = :entityId', { entity, entityId });
    const page = await paginate(entries, {
      sort: [{ name: 'id', descending: true, field: { column: 'a.id', cast: 'bigint', value: (row) => row.id } }],
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(toAuditEntryDto), nextCursor: page.nextCursor };
  }
}
