import type { Level, Entity as PermissionEntity } from '@crm/permissions';
import type { DataSource, EntityManager, EntityTarget, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { assertAssignableOwner, levelFor, ownerCondition, scopeToActor } from '../access/access.js';
import type { AuditService, AuditSnapshot } from '../audit/audit.service.js';
import { columnSelections } from '../database/plain-rows.js';
import type { Actor } from '../auth/actor.js';
import { RecordException } from '../http/domain-exception.js';
import { type ClientRecordValues, clientRecordKeys } from './contact-keys.js';
import type { OwnedRecord } from './owned-record.entity.js';

export type DeletedFilter = 'exclude' | 'only' | 'include';

/** Column values a create or update may set. */
export type RecordChanges<T extends OwnedRecord> = Partial<Omit<T, 'id' | 'createdById' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'version'>>;

/**
 * A create or update body of a client record as columns: the normalized keys of whichever emails, phones and tax
 * id it changes are added, and a null list means an empty one.
 */
export function clientRecordColumns<T extends OwnedRecord>(
  body: ClientRecordValues & { tags?: string[] | null },
  phoneRegion: string,
): RecordChanges<T> {
  const values: Record<string, unknown> = { ...body, ...clientRecordKeys(body, phoneRegion) };
  for (const list of ['emails', 'phones', 'tags'] as const) {
    if (body[list] === null) values[list] = [];
  }
  return values as RecordChanges<T>;
}

// TypeORM's deep-partial insert type cannot follow generic entities; the values are checked by RecordChanges<T>.
const asColumns = <T>(values: object) => values as QueryDeepPartialEntity<T>;

export interface OwnedRecordsOptions<T extends OwnedRecord> {
  entity: PermissionEntity;
  target: EntityTarget<T>;
  /** What the audit log keeps of a record: its API fields, without timestamps and version. */
  snapshot: (record: T) => AuditSnapshot;
}

/**
 * The life cycle every owned client record shares: reads and lists narrowed to the actor's level, create with an
 * owner the actor may assign, versioned update, soft delete and restore, each write in one transaction with its
 * audit entry. Companies, contacts (and later deals) build on it instead of repeating it.
 */
export class OwnedRecords<T extends OwnedRecord> {
  /** `get`'s statement per access level, built once: reading one record is the hottest path of the API. */
  private readonly getStatements = new Map<Level, string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly options: OwnedRecordsOptions<T>,
  ) {}

  private get label(): string {
    return this.options.entity;
  }

  /** A query over the records `actor` may `action`, aliased `alias`. */
  query(
    actor: Actor,
    action: 'read' | 'update' | 'delete' | 'export',
    alias: string,
    deleted: DeletedFilter = 'exclude',
    manager: EntityManager = this.dataSource.manager,
  ): SelectQueryBuilder<T> {
    const query = manager.getRepository(this.options.target).createQueryBuilder(alias);
    if (deleted === 'exclude') query.where(`${alias}.deletedAt IS NULL`);
    if (deleted === 'only') query.where(`${alias}.deletedAt IS NOT NULL`);
    return scopeToActor(query, actor, this.options.entity, action);
  }

  async get(actor: Actor, id: string): Promise<T> {
    const level = levelFor(actor, this.options.entity, 'read');
    if (level === 'none') throw RecordException.notFound(this.label);
    const params = level === 'all' ? [id] : level === 'own' ? [id, actor.userId] : [id, actor.userId, actor.teamId];
    const rows = (await this.dataSource.query(this.getStatement(level), params)) as T[];
    if (!rows[0]) throw RecordException.notFound(this.label);
    return rows[0];
  }

  /** The same statement `query(actor, 'read', 'r')` would build for one id, with the row read as plain columns. */
  private getStatement(level: Exclude<Level, 'none'>): string {
    let sql = this.getStatements.get(level);
    if (!sql) {
      const metadata = this.dataSource.getMetadata(this.options.target);
      const columns = columnSelections(metadata, 'r').map((column) => `${column.selection} AS "${column.alias}"`);
      const scope = ownerCondition(level, 'r.owner_id', { userId: '$2', teamId: '$3' });
      sql = `SELECT ${columns.join(', ')} FROM "${metadata.tableName}" r WHERE r.deleted_at IS NULL AND r.id = $1 AND ${scope}`;
      this.getStatements.set(level, sql);
    }
    return sql;
  }

  async create(actor: Actor, values: RecordChanges<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const ownerId = (values.ownerId as string | null | undefined) ?? actor.userId;
      await assertAssignableOwner(manager, actor, this.options.entity, 'create', ownerId);
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(this.options.target)
        .values(asColumns<T>({ ...values, ownerId, createdById: actor.userId }))
        .returning('id')
        .execute();
      const id = (result.raw as { id: string }[])[0]!.id;
      const record = await manager.getRepository(this.options.target).findOneByOrFail({ id } as never);
      await this.audit.record(manager, actor, this.options.entity, id, 'create', {}, this.options.snapshot(record));
      return record;
    });
  }

  /**
   * Applies `changes` if the record is within the actor's update level and still at `expectedVersion`. A record
   * out of reach answers 404 and a stale version 409; neither changes anything.
   */
  async update(actor: Actor, id: string, expectedVersion: number | undefined, changes: RecordChanges<T>): Promise<T> {
    if (expectedVersion === undefined) throw RecordException.versionRequired();
    return this.dataSource.transaction(async (manager) => {
      const before = await this.lockForWrite(manager, actor, 'update', id, 'exclude');
      if (before.version !== expectedVersion) throw RecordException.stale(this.label, before.version);
      const newOwner = changes.ownerId;
      if (newOwner !== undefined && newOwner !== before.ownerId) {
        // Handing a record over needs update rights on the new owner's side too.
        if (newOwner === null) throw RecordException.ownerNotAllowed(this.label);
        await assertAssignableOwner(manager, actor, this.options.entity, 'update', newOwner);
      }
      return this.write(manager, actor, before, 'update', asColumns<T>(changes));
    });
  }

  async softDelete(actor: Actor, id: string, expectedVersion: number | undefined): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const before = await this.lockForWrite(manager, actor, 'delete', id, 'exclude');
      if (expectedVersion !== undefined && before.version !== expectedVersion) {
        throw RecordException.stale(this.label, before.version);
      }
      await this.write(manager, actor, before, 'delete', asColumns<T>({ deletedAt: () => 'now()' }));
    });
  }

  async restore(actor: Actor, id: string): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.lockForWrite(manager, actor, 'delete', id, 'only');
      return this.write(manager, actor, before, 'restore', asColumns<T>({ deletedAt: null }));
    });
  }

  /**
   * Applies one change to many records in one transaction, each with its audit entry: `change` gives a record's new
   * values (null when it already has them), or the records go to the trash. Only records within the actor's level
   * for the action are locked and touched; the rest of `ids`, missing or out of reach alike, count as skipped.
   */
  async writeMany(
    actor: Actor,
    ids: string[],
    operation: { action: 'update'; change: (record: T) => RecordChanges<T> | null } | { action: 'delete' },
  ): Promise<{ changed: number; unchanged: number; skipped: number }> {
    return this.dataSource.transaction(async (manager) => {
      // Locked in id order, so that two bulk actions over the same records wait for each other instead of deadlocking.
      const reachable = await this.query(actor, operation.action, 'r', 'exclude', manager)
        .andWhere('r.id IN (:...ids)', { ids })
        .orderBy('r.id')
        .setLock('pessimistic_write')
        .getMany();
      let changed = 0;
      for (const record of reachable) {
        const changes = operation.action === 'delete' ? { deletedAt: () => 'now()' } : operation.change(record);
        if (!changes) continue;
        await this.write(manager, actor, record, operation.action, asColumns<T>(changes));
        changed++;
      }
      return { changed, unchanged: reachable.length - changed, skipped: ids.length - reachable.length };
    });
  }

  private async lockForWrite(
    manager: EntityManager,
    actor: Actor,
    action: 'update' | 'delete',
    id: string,
    deleted: DeletedFilter,
  ): Promise<T> {
    const record = await this.query(actor, action, 'r', deleted, manager)
      .andWhere('r.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
    if (!record) throw RecordException.notFound(this.label);
    return record;
  }

  private async write(
    manager: EntityManager,
    actor: Actor,
    before: T,
    action: 'update' | 'delete' | 'restore',
    changes: QueryDeepPartialEntity<T>,
  ): Promise<T> {
    await manager
      .createQueryBuilder()
      .update(this.options.target)
      .set(asColumns<T>({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' }))
      .where('id = :id AND version = :version', { id: before.id, version: before.version })
      .execute();
    const after = await manager.getRepository(this.options.target).findOneByOrFail({ id: before.id } as never);
    const auditBefore = this.options.snapshot(before);
    const auditAfter = this.options.snapshot(after);
    if (action !== 'update') {
      auditBefore.deletedAt = before.deletedAt;
      auditAfter.deletedAt = after.deletedAt;
    }
    await this.audit.record(manager, actor, this.options.entity, before.id, action, auditBefore, auditAfter);
    return after;
  }
}
