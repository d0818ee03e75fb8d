import type { Action, Entity } from '@crm/permissions';
import type { EntityManager } from 'typeorm';
import { levelFor, ownerCondition } from '../../core/access/access.js';
import type { AuditSnapshot } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import type { TaskDto, TaskRecordDto } from './dto/task.dto.js';
import type { TaskPriority, TaskRecordKind, TaskRecurrence, TaskStatus, TaskType } from './task.entity.js';

/**
 * How tasks are read and written by hand: the columns as one select list, a task as its API answer (one flat object
 * literal), its audit snapshot, the names of the records tasks are linked to, and the access rule as positional SQL.
 */

/** Timestamps arrive as Date from the query builder and as ISO text from the hand-written statements. */
export type Timestamp = Date | string;

/** A task row as the statements below read it. */
export interface TaskRow {
  id: string;
  title: string;
  description: string | null;
  type: TaskType;
  priority: TaskPriority;
  status: TaskStatus;
  dueAt: Timestamp | null;
  timeZone: string;
  allDay: boolean;
  durationMinutes: number | null;
  reminderOffsets: number[];
  recurrence: TaskRecurrence | null;
  seriesId: string | null;
  entity: TaskRecordKind | null;
  entityId: string | null;
  completedAt: Timestamp | null;
  completedById: string | null;
  result: string | null;
  outcome: string | null;
  tags: string[];
  ownerId: string | null;
  createdById: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  deletedAt: Timestamp | null;
  version: number;
}

/** Timestamps leave PostgreSQL as the JSON text they become, so no Date is parsed and formatted again per row. */
export const isoText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const COLUMNS: [column: string, property: keyof TaskRow, timestamp?: true][] = [
  ['id', 'id'],
  ['title', 'title'],
  ['description', 'description'],
  ['type', 'type'],
  ['priority', 'priority'],
  ['status', 'status'],
  ['due_at', 'dueAt', true],
  ['time_zone', 'timeZone'],
  ['all_day', 'allDay'],
  ['duration_minutes', 'durationMinutes'],
  ['reminder_offsets', 'reminderOffsets'],
  ['recurrence', 'recurrence'],
  ['series_id', 'seriesId'],
  ['entity', 'entity'],
  ['entity_id', 'entityId'],
  ['completed_at', 'completedAt', true],
  ['completed_by_id', 'completedById'],
  ['result', 'result'],
  ['outcome', 'outcome'],
  ['tags', 'tags'],
  ['owner_id', 'ownerId'],
  ['created_by_id', 'createdById'],
  ['created_at', 'createdAt', true],
  ['updated_at', 'updatedAt', true],
  ['deleted_at', 'deletedAt', true],
  ['version', 'version'],
];

const selectLists = new Map<string, string>();

/** Every column of a task (alias `alias`) under its property name, timestamps as ISO text. */
export function taskColumns(alias: string): string {
  let list = selectLists.get(alias);
  if (!list) {
    list = COLUMNS.map(([column, property, timestamp]) => {
      const reference = `${alias}.${column}`;
      return `${timestamp ? isoText(reference) : reference} AS "${property}"`;
    }).join(', ');
    selectLists.set(alias, list);
  }
  return list;
}

const text = (value: Timestamp): string => (typeof value === 'string' ? value : value.toISOString());
const textOrNull = (value: Timestamp | null): string | null => (value === null ? null : typeof value === 'string' ? value : value.toISOString());
export const asDate = (value: Timestamp | null): Date | null => (value === null ? null : typeof value === 'string' ? new Date(value) : value);

/** Whether an open task's due time has passed. */
export function isOverdue(row: Pick<TaskRow, 'status' | 'dueAt'>, now: number): boolean {
  if (row.status !== 'open' || row.dueAt === null) return false;
  return (typeof row.dueAt === 'string' ? Date.parse(row.dueAt) : row.dueAt.getTime()) < now;
}

export function toTaskDto(row: TaskRow, record: TaskRecordDto | null, now: number): TaskDto {
  const recurrence = row.recurrence;
  return {
    id: row.id,
    createdAt: text(row.createdAt),
    updatedAt: text(row.updatedAt),
    version: row.version,
    tags: row.tags,
    ownerId: row.ownerId,
    createdById: row.createdById,
    deletedAt: textOrNull(row.deletedAt),
    title: row.title,
    description: row.description,
    type: row.type,
    priority: row.priority,
    status: row.status,
    dueAt: textOrNull(row.dueAt),
    timeZone: row.timeZone,
    allDay: row.allDay,
    durationMinutes: row.durationMinutes,
    reminderOffsets: row.reminderOffsets,
    recurrence: recurrence === null ? null : { frequency: recurrence.frequency, interval: recurrence.interval, until: recurrence.until ?? null },
    seriesId: row.seriesId,
    entity: row.entity,
    entityId: row.entityId,
    record,
    completedAt: textOrNull(row.completedAt),
    completedById: row.completedById,
    result: row.result,
    outcome: row.outcome,
    overdue: isOverdue(row, now),
  };
}

/** What the audit log keeps of a task: its API fields but the timestamps and version (the run position neither). */
export function taskSnapshot(row: TaskRow): AuditSnapshot {
  const recurrence = row.recurrence;
  return {
    title: row.title,
    description: row.description,
    type: row.type,
    priority: row.priority,
    status: row.status,
    dueAt: textOrNull(row.dueAt),
    timeZone: row.timeZone,
    allDay: row.allDay,
    durationMinutes: row.durationMinutes,
    reminderOffsets: row.reminderOffsets,
    recurrence: recurrence === null ? null : { frequency: recurrence.frequency, interval: recurrence.interval, until: recurrence.until ?? null },
    seriesId: row.seriesId,
    entity: row.entity,
    entityId: row.entityId,
    completedAt: textOrNull(row.completedAt),
    completedById: row.completedById,
    result: row.result,
    outcome: row.outcome,
    tags: row.tags,
    ownerId: row.ownerId,
  };
}

/** Positional parameters of a hand-written statement: `param(value)` adds one and answers its placeholder. */
export class SqlParams {
  readonly values: unknown[] = [];

  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The shared access rule (core/access ownerCondition) on `column` for the actor's level, with positional parameters. */
export function ownerScope(params: SqlParams, actor: Actor, entity: Entity, action: Action, column: string): string {
  const level = levelFor(actor, entity, action);
  if (level === 'all' || level === 'none') return ownerCondition(level, column);
  const userId = params.param(actor.userId);
  return ownerCondition(level, column, { userId, teamId: level === 'team' ? params.param(actor.teamId) : '' });
}

const RECORD_SOURCES: Record<TaskRecordKind, { table: string; title: string }> = {
  contact: { table: 'contacts', title: 'full_name' },
  company: { table: 'companies', title: 'name' },
  deal: { table: 'deals', title: 'title' },
};

/**
 * The records `rows` are linked to that the actor may read, named, keyed `${entity}:${id}`: one statement for a page,
 * one branch per kind present.
 */
export async function loadRecords(
  manager: EntityManager,
  actor: Actor,
  rows: Pick<TaskRow, 'entity' | 'entityId'>[],
): Promise<Map<string, TaskRecordDto>> {
  const found = new Map<string, TaskRecordDto>();
  const ids = new Map<TaskRecordKind, Set<string>>();
  for (const row of rows) {
    if (row.entity === null || row.entityId === null) continue;
    if (levelFor(actor, row.entity, 'read') === 'none') continue;
    let set = ids.get(row.entity);
    if (!set) ids.set(row.entity, (set = new Set()));
    set.add(row.entityId);
  }
  if (!ids.size) return found;
  const params = new SqlParams();
  const branches = [...ids].map(([kind, set]) => {
    const { table, title } = RECORD_SOURCES[kind];
    const scope = ownerScope(params, actor, kind, 'read', 'r.owner_id');
    return `SELECT CAST('${kind}' AS text) AS entity, r.id, r.${title} AS title FROM ${table} r
            WHERE r.id = ANY(CAST(${params.param([...set])} AS uuid[])) AND r.deleted_at IS NULL AND ${scope}`;
  });
  const named = (await manager.query(branches.join(' UNION ALL '), params.values)) as TaskRecordDto[];
  for (const record of named) found.set(`${record.entity}:${record.id}`, { entity: record.entity, id: record.id, title: record.title });
  return found;
}

/** The linked record of a row from `loadRecords`' answer. */
export function recordOf(records: Map<string, TaskRecordDto>, row: Pick<TaskRow, 'entity' | 'entityId'>): TaskRecordDto | null {
  return row.entity === null ? null : (records.get(`${row.entity}:${row.entityId}`) ?? null);
}

/** Tasks with their records, answered together. */
export async function toTaskDtos(manager: EntityManager, actor: Actor, rows: TaskRow[]): Promise<TaskDto[]> {
  const records = await loadRecords(manager, actor, rows);
  const now = Date.now();
  return rows.map((row) => toTaskDto(row, recordOf(records, row), now));
}
