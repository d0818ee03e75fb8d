import { randomUUID } from 'node:crypto';
import type { Level } from '@crm/permissions';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { assertAssignableOwner, levelFor, ownerCondition, scopeToActor } from '../../core/access/access.js';
import { AuditService } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { ValidationFailedException } from '../../core/http/validation.js';
import { paginate, parseSort, type SortableFields } from '../../core/list/cursor-list.js';
import { likePattern } from '../../core/list/list-filters.js';
import { isWithinReach } from '../../core/records/record-reach.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import {
  type CompleteTaskDto,
  type CreateTaskDto,
  type ListTasksQueryDto,
  TASK_OUTCOMES,
  type TaskCompletionDto,
  type TaskDto,
  type TaskPageDto,
  type TaskVersionDto,
  type UpdateTaskDto,
} from './dto/task.dto.js';
import { asDate, taskColumns, type TaskRow, taskSnapshot, toTaskDtos } from './task-records.js';
import { localDate, nextOccurrence, type Occurrence, type RecurrenceRule, startOfLocalDay, startRun } from './task-recurrence.js';
import { TaskRemindersService } from './task-reminders.service.js';
import { Task, type TaskRecordKind, type TaskRecurrence, type TaskType } from './task.entity.js';
import { TaskException } from './tasks.errors.js';

const PRIORITY_RANK = `(CASE t.priority WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END)`;
const RANKS: Record<string, number> = { low: 0, normal: 1, high: 2 };

const SORTABLE: SortableFields<Task> = {
  // Tasks without a due time sort last ascending; the expression has its own indexes (migration 1764720000000).
  dueAt: {
    column: `COALESCE(t.dueAt, CAST('infinity' AS timestamptz))`,
    cast: 'timestamptz',
    value: (row) => row.dueAt?.toISOString() ?? 'infinity',
  },
  createdAt: { column: 't.createdAt', cast: 'timestamptz', value: (row) => row.createdAt.toISOString() },
  updatedAt: { column: 't.updatedAt', cast: 'timestamptz', value: (row) => row.updatedAt.toISOString() },
  priority: { column: PRIORITY_RANK, cast: 'integer', value: (row) => RANKS[row.priority] ?? 0 },
};

/** What a task created alongside another write starts from when its body leaves a field out. */
export interface TaskDefaults {
  entity?: TaskRecordKind | null;
  entityId?: string | null;
  ownerId?: string | null;
  type?: TaskType;
}

/** The columns an insert writes, in INSERT_COLUMNS order. */
interface NewTask {
  id: string;
  title: string;
  description: string | null;
  type: TaskType;
  priority: string;
  dueAt: Date | null;
  timeZone: string;
  allDay: boolean;
  durationMinutes: number | null;
  reminderOffsets: number[];
  recurrence: TaskRecurrence | null;
  seriesId: string | null;
  entity: TaskRecordKind | null;
  entityId: string | null;
  tags: string[];
  ownerId: string;
  createdById: string;
}

const INSERT_STATEMENT = `
  INSERT INTO tasks AS t (id, title, description, type, priority, due_at, time_zone, all_day, duration_minutes, reminder_offsets,
    recurrence, series_id, entity, entity_id, tags, owner_id, created_by_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
  RETURNING ${taskColumns('t')}`;

const lockStatements = new Map<string, string>();

/** The access rule of `level` on `column` with the user and team as `$n` after `taken` parameters, and those values. */
function scopeAfter(actor: Actor, level: Exclude<Level, 'none'>, taken: number, column: string): { sql: string; params: unknown[] } {
  const sql = ownerCondition(level, column, { userId: `$${taken + 1}`, teamId: `$${taken + 2}` });
  return { sql, params: level === 'all' ? [] : level === 'own' ? [actor.userId] : [actor.userId, actor.teamId] };
}

function taskLevel(actor: Actor, action: 'read' | 'update' | 'delete'): Exclude<Level, 'none'> {
  const level = levelFor(actor, 'task', action);
  if (level === 'none') throw RecordException.notFound('task');
  return level;
}

/**
 * Tasks and activities: lists, reads and writes, each write in one transaction with its audit entry and its reminders
 * (TaskRemindersService). A task belongs to its assignee (owner), so the own and team levels of `task` read as "my
 * tasks" and "my team's tasks". Completing a task may create the next occurrence of a recurring one and a follow-up
 * task in the same transaction. The benchmarked views (my tasks, counters) and the calendar live in TaskViewsService.
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly reminders: TaskRemindersService,
    private readonly notifications: NotificationsService,
  ) {}

  async listTasks(actor: Actor, query: ListTasksQueryDto): Promise<TaskPageDto> {
    if ((query.entity === undefined) !== (query.entityId === undefined)) {
      throw new ValidationFailedException([{ field: 'entityId', messages: ['entity and entityId go together'] }]);
    }
    const tasks = this.dataSource.getRepository(Task).createQueryBuilder('t');
    const deleted = query.deleted ?? 'exclude';
    tasks.where(deleted === 'only' ? 't.deletedAt IS NOT NULL' : 't.deletedAt IS NULL');
    scopeToActor(tasks, actor, 'task', 'read');
    const statuses = query.status ?? (deleted === 'only' ? undefined : ['open']);
    if (statuses?.length) tasks.andWhere('t.status IN (:...statuses)', { statuses });
    if (query.ownerId?.length) tasks.andWhere('t.ownerId IN (:...ownerIds)', { ownerIds: query.ownerId });
    if (query.teamId?.length) {
      tasks.andWhere('t.ownerId IN (SELECT team_u.id FROM users team_u WHERE team_u.team_id IN (:...teamIds))', { teamIds: query.teamId });
    }
    if (query.type?.length) tasks.andWhere('t.type IN (:...types)', { types: query.type });
    if (query.priority?.length) tasks.andWhere('t.priority IN (:...priorities)', { priorities: query.priority });
    if (query.dueFrom) tasks.andWhere('t.dueAt >= :dueFrom', { dueFrom: query.dueFrom });
    if (query.dueTo) tasks.andWhere('t.dueAt < :dueTo', { dueTo: query.dueTo });
    if (query.overdue === true) tasks.andWhere(`t.status = 'open' AND t.dueAt < now()`);
    if (query.overdue === false) tasks.andWhere(`(t.status <> 'open' OR t.dueAt IS NULL OR t.dueAt >= now())`);
    if (query.entity) tasks.andWhere('t.entity = :entity AND t.entityId = :entityId', { entity: query.entity, entityId: query.entityId });
    if (query.q?.trim()) tasks.andWhere('lower(t.title) LIKE :q', { q: likePattern(query.q) });
    if (query.tag?.length) {
      const operator = query.tagMatch === 'any' ? '&&' : '@>';
      tasks.andWhere(`t.tags ${operator} CAST(:tags AS text[])`, { tags: query.tag.map((tag) => tag.trim().toLowerCase()) });
    }
    const page = await paginate(tasks, {
      sort: parseSort(query.sort, SORTABLE, 'dueAt'),
      tieBreaker: { column: 't.id', cast: 'uuid', value: (row) => row.id },
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: await toTaskDtos(this.dataSource.manager, actor, page.items), nextCursor: page.nextCursor };
  }

  async getTask(actor: Actor, id: string): Promise<TaskDto> {
    const level = taskLevel(actor, 'read');
    const scope = scopeAfter(actor, level, 1, 't.owner_id');
    const rows = (await this.dataSource.query(
      `SELECT ${taskColumns('t')} FROM tasks t WHERE t.id = $1 AND t.deleted_at IS NULL AND ${scope.sql}`,
      [id, ...scope.params],
    )) as TaskRow[];
    if (!rows[0]) throw RecordException.notFound('task');
    return (await toTaskDtos(this.dataSource.manager, actor, rows))[0]!;
  }

  async createTask(actor: Actor, dto: CreateTaskDto): Promise<TaskDto> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.insertTask(manager, actor, dto);
      return (await toTaskDtos(manager, actor, [row]))[0]!;
    });
  }

  /**
   * Creates a task inside the caller's transaction, with its audit entry, reminders and assignment notification:
   * a create body checked as POST /tasks checks it, the fields it leaves out taken from `defaults`. `field` prefixes
   * the fields of its errors (`nextTask.`).
   */
  async insertTask(manager: EntityManager, actor: Actor, dto: CreateTaskDto, defaults: TaskDefaults = {}, field = ''): Promise<TaskRow> {
    const linked = dto.entity !== undefined || dto.entityId !== undefined;
    const entity = linked ? (dto.entity ?? null) : (defaults.entity ?? null);
    const entityId = linked ? (dto.entityId ?? null) : (defaults.entityId ?? null);
    if ((entity === null) !== (entityId === null)) throw TaskException.recordIncomplete(field);
    const timeZone = dto.timeZone ?? (await this.timeZoneOf(manager, actor.userId));
    const allDay = dto.allDay ?? false;
    let dueAt = dto.dueAt ? new Date(dto.dueAt) : null;
    if (dueAt && allDay) dueAt = startOfLocalDay(dueAt, timeZone);
    const reminderOffsets = dto.reminderOffsets ?? [];
    const rule = dto.recurrence ?? null;
    assertDueRules(dueAt, timeZone, reminderOffsets, rule, field);
    const ownerId = dto.ownerId ?? defaults.ownerId ?? actor.userId;
    await assertAssignableOwner(manager, actor, 'task', 'create', ownerId);
    if (entity && !(await isWithinReach(manager, actor, entity, entityId!, 'read', { lock: true }))) {
      throw RecordException.referenceNotFound(`${field}entityId`);
    }
    const id = randomUUID();
    const row = await this.insertRow(manager, actor, {
      id,
      title: dto.title,
      description: dto.description ?? null,
      type: dto.type ?? defaults.type ?? 'todo',
      priority: dto.priority ?? 'normal',
      dueAt,
      timeZone,
      allDay,
      durationMinutes: dto.durationMinutes ?? null,
      reminderOffsets,
      recurrence: rule && dueAt ? startRun(rule, dueAt, timeZone) : null,
      seriesId: rule ? id : null,
      entity,
      entityId,
      tags: dto.tags ?? [],
      ownerId,
      createdById: actor.userId,
    });
    if (ownerId !== actor.userId) await this.notifyAssigned(manager, row);
    return row;
  }

  /** Whether the deal has an open task (the rule `deals.requireNextTask`): one probe of tasks_record_open_idx. */
  async dealHasOpenTask(manager: EntityManager, dealId: string): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM tasks t WHERE t.entity_id = $1 AND t.entity = 'deal' AND t.status = 'open' AND t.deleted_at IS NULL LIMIT 1`,
      [dealId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Changes any field but the status, against the version the client read (body `version` or If-Match). */
  async updateTask(actor: Actor, id: string, dto: UpdateTaskDto, ifMatch?: number): Promise<TaskDto> {
    const { version = ifMatch, ...changes } = dto;
    if (version === undefined) throw RecordException.versionRequired();
    return this.dataSource.transaction(async (manager) => {
      const before = await this.lock(manager, actor, 'update', id, false);
      if (before.version !== version) throw RecordException.stale('task', before.version);

      const entity = changes.entity !== undefined ? changes.entity : before.entity;
      const entityId = changes.entityId !== undefined ? changes.entityId : before.entityId;
      if ((entity === null) !== (entityId === null)) throw TaskException.recordIncomplete();
      const relinked = entity !== before.entity || entityId !== before.entityId;
      if (relinked && entity && !(await isWithinReach(manager, actor, entity, entityId!, 'read', { lock: true }))) {
        throw RecordException.referenceNotFound('entityId');
      }

      const timeZone = changes.timeZone ?? before.timeZone;
      const allDay = changes.allDay ?? before.allDay;
      const dueBefore = asDate(before.dueAt);
      let dueAt = changes.dueAt === undefined ? dueBefore : changes.dueAt === null ? null : new Date(changes.dueAt);
      const retimed = changes.dueAt !== undefined || changes.timeZone !== undefined || changes.allDay !== undefined;
      if (dueAt && allDay && retimed) dueAt = startOfLocalDay(dueAt, timeZone);
      const reminderOffsets = changes.reminderOffsets ?? before.reminderOffsets;
      const rule: RecurrenceRule | null = changes.recurrence !== undefined ? changes.recurrence : before.recurrence;
      assertDueRules(dueAt, timeZone, reminderOffsets, rule, '');

      let recurrence: TaskRecurrence | null = null;
      if (rule && dueAt) {
        const stored = before.recurrence;
        const moved = dueAt.getTime() !== dueBefore?.getTime() || timeZone !== before.timeZone;
        const restepped = !stored || rule.frequency !== stored.frequency || rule.interval !== stored.interval;
        // Another step or a rescheduled occurrence starts a new run from here; otherwise the occurrence keeps its place
        // (a form sending the same rule back must not move a clamped monthly run off the 31st).
        recurrence = moved || restepped ? startRun(rule, dueAt, timeZone) : { ...stored, until: rule.until ?? null };
        if (stored?.nextId) recurrence.nextId = stored.nextId;
      }

      const ownerId = changes.ownerId !== undefined ? changes.ownerId : before.ownerId;
      if (ownerId !== before.ownerId) {
        // Handing a task over needs update rights on the new assignee's side too.
        if (ownerId === null) throw RecordException.ownerNotAllowed('task');
        await assertAssignableOwner(manager, actor, 'task', 'update', ownerId);
      }

      const after = await this.writeRow(manager, actor, before, 'update', {
        title: changes.title ?? before.title,
        description: changes.description !== undefined ? changes.description : before.description,
        type: changes.type ?? before.type,
        priority: changes.priority ?? before.priority,
        due_at: dueAt,
        time_zone: timeZone,
        all_day: allDay,
        duration_minutes: changes.durationMinutes !== undefined ? changes.durationMinutes : before.durationMinutes,
        reminder_offsets: reminderOffsets,
        recurrence: recurrence === null ? null : JSON.stringify(recurrence),
        series_id: recurrence ? (before.seriesId ?? before.id) : before.seriesId,
        entity,
        entity_id: entityId,
        tags: changes.tags ?? before.tags,
        owner_id: ownerId,
      });
      if (after.ownerId !== before.ownerId && after.ownerId !== actor.userId) await this.notifyAssigned(manager, after);
      return (await toTaskDtos(manager, actor, [after]))[0]!;
    });
  }

  /**
   * Marks the task done with what came of it. A recurring task gets its next occurrence (nothing after `until`), and
   * `nextTask` is created as a follow-up; all in one transaction, so a follow-up that fails leaves the task open.
   */
  async completeTask(actor: Actor, id: string, dto: CompleteTaskDto): Promise<TaskCompletionDto> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.lockOpen(manager, actor, id, dto.version);
      if (dto.outcome !== undefined) {
        const allowed = TASK_OUTCOMES[before.type];
        if (!allowed.includes(dto.outcome)) throw TaskException.outcomeNotAllowed(before.type, allowed);
      }
      const dueAt = asDate(before.dueAt);
      const occurrence = before.recurrence && !before.recurrence.nextId && dueAt ? nextOccurrence(before.recurrence, dueAt, before.timeZone) : null;
      const nextId = occurrence ? randomUUID() : null;
      const after = await this.writeRow(manager, actor, before, 'update', {
        status: 'done',
        completed_at: () => 'now()',
        completed_by_id: actor.userId,
        result: dto.result ?? null,
        outcome: dto.outcome ?? null,
        recurrence: nextId ? JSON.stringify({ ...before.recurrence, nextId }) : undefined,
      });
      const nextOccurrenceRow = occurrence ? await this.insertOccurrence(manager, actor, before, occurrence, nextId!) : null;
      const next = dto.nextTask
        ? await this.insertTask(
            manager,
            actor,
            dto.nextTask,
            { entity: before.entity, entityId: before.entityId, ownerId: before.ownerId, type: before.type },
            'nextTask.',
          )
        : null;
      const dtos = await toTaskDtos(manager, actor, [after, ...(next ? [next] : []), ...(nextOccurrenceRow ? [nextOccurrenceRow] : [])]);
      const [task, nextDto, occurrenceDto] = [dtos[0]!, next ? dtos[1]! : null, nextOccurrenceRow ? dtos.at(-1)! : null];
      return { task, next: nextDto, nextOccurrence: occurrenceDto };
    });
  }

  /** Marks an open task cancelled: it will not happen. A recurring task's series ends with it. */
  async cancelTask(actor: Actor, id: string, dto: TaskVersionDto): Promise<TaskDto> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.lockOpen(manager, actor, id, dto.version);
      const after = await this.writeRow(manager, actor, before, 'update', { status: 'cancelled', completed_at: () => 'now()', completed_by_id: actor.userId });
      return (await toTaskDtos(manager, actor, [after]))[0]!;
    });
  }

  /** Opens a done or cancelled task again; what came of it is cleared. */
  async reopenTask(actor: Actor, id: string, dto: TaskVersionDto): Promise<TaskDto> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.lock(manager, actor, 'update', id, false);
      if (before.version !== dto.version) throw RecordException.stale('task', before.version);
      if (before.status === 'open') throw TaskException.alreadyOpen();
      const after = await this.writeRow(manager, actor, before, 'update', {
        status: 'open',
        completed_at: null,
        completed_by_id: null,
        result: null,
        outcome: null,
      });
      return (await toTaskDtos(manager, actor, [after]))[0]!;
    });
  }

  /** Moves the task to the trash (its reminders go); restore brings it back. */
  async deleteTask(actor: Actor, id: string, ifMatch?: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const before = await this.lock(manager, actor, 'delete', id, false);
      if (ifMatch !== undefined && before.version !== ifMatch) throw RecordException.stale('task', before.version);
      await this.writeRow(manager, actor, before, 'delete', { deleted_at: () => 'now()' });
    });
  }

  async restoreTask(actor: Actor, id: string): Promise<TaskDto> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.lock(manager, actor, 'delete', id, true);
      const after = await this.writeRow(manager, actor, before, 'restore', { deleted_at: null });
      return (await toTaskDtos(manager, actor, [after]))[0]!;
    });
  }

  private async lockOpen(manager: EntityManager, actor: Actor, id: string, version: number): Promise<TaskRow> {
    const before = await this.lock(manager, actor, 'update', id, false);
    if (before.version !== version) throw RecordException.stale('task', before.version);
    if (before.status !== 'open') throw TaskException.notOpen(before.status);
    return before;
  }

  /** Locks a task within the actor's `action` level (FOR UPDATE): live, or in the trash; 404 otherwise. */
  private async lock(manager: EntityManager, actor: Actor, action: 'update' | 'delete', id: string, trashed: boolean): Promise<TaskRow> {
    const level = taskLevel(actor, action);
    const key = `${level}:${trashed}`;
    const scope = scopeAfter(actor, level, 1, 't.owner_id');
    let sql = lockStatements.get(key);
    if (!sql) {
      sql = `SELECT ${taskColumns('t')} FROM tasks t WHERE t.id = $1 AND t.deleted_at IS ${trashed ? 'NOT ' : ''}NULL AND ${scope.sql} FOR UPDATE OF t`;
      lockStatements.set(key, sql);
    }
    const rows = (await manager.query(sql, [id, ...scope.params])) as TaskRow[];
    if (!rows[0]) throw RecordException.notFound('task');
    return rows[0];
  }

  /** Inserts a task with its audit entry and reminders. */
  private async insertRow(manager: EntityManager, actor: Actor, task: NewTask): Promise<TaskRow> {
    const [row] = (await manager.query(INSERT_STATEMENT, [
      task.id,
      task.title,
      task.description,
      task.type,
      task.priority,
      task.dueAt,
      task.timeZone,
      task.allDay,
      task.durationMinutes,
      task.reminderOffsets,
      task.recurrence === null ? null : JSON.stringify(task.recurrence),
      task.seriesId,
      task.entity,
      task.entityId,
      task.tags,
      task.ownerId,
      task.createdById,
    ])) as TaskRow[];
    await this.audit.record(manager, actor, 'task', row!.id, 'create', {}, taskSnapshot(row!));
    await this.syncReminders(manager, row!);
    return row!;
  }

  /** The next occurrence of a recurring task: the same task at the occurrence's due time, in the same series. */
  private insertOccurrence(manager: EntityManager, actor: Actor, source: TaskRow, occurrence: Occurrence, id: string): Promise<TaskRow> {
    const recurrence = source.recurrence!;
    const run = startRun(recurrence, asDate(source.dueAt)!, source.timeZone);
    return this.insertRow(manager, actor, {
      id,
      title: source.title,
      description: source.description,
      type: source.type,
      priority: source.priority,
      dueAt: occurrence.dueAt,
      timeZone: source.timeZone,
      allDay: source.allDay,
      durationMinutes: source.durationMinutes,
      reminderOffsets: source.reminderOffsets,
      recurrence: { ...run, anchor: recurrence.anchor ?? run.anchor, index: occurrence.index },
      seriesId: source.seriesId ?? source.id,
      entity: source.entity,
      entityId: source.entityId,
      tags: source.tags,
      ownerId: source.ownerId ?? actor.userId,
      createdById: actor.userId,
    });
  }

  /**
   * Writes `columns` (SQL column names; undefined ones are left as they are, functions are SQL) with a new version,
   * then the audit entry and the reminders, in the caller's transaction.
   */
  private async writeRow(
    manager: EntityManager,
    actor: Actor,
    before: TaskRow,
    action: 'update' | 'delete' | 'restore',
    columns: Record<string, unknown>,
  ): Promise<TaskRow> {
    const params: unknown[] = [before.id];
    const assignments: string[] = [];
    for (const [column, value] of Object.entries(columns)) {
      if (value === undefined) continue;
      if (typeof value === 'function') {
        assignments.push(`${column} = ${(value as () => string)()}`);
      } else {
        params.push(value);
        assignments.push(`${column} = $${params.length}`);
      }
    }
    const [rows] = (await manager.query(
      `UPDATE tasks t SET ${[...assignments, 'version = t.version + 1', 'updated_at = now()'].join(', ')} WHERE t.id = $1 RETURNING ${taskColumns('t')}`,
      params,
    )) as [TaskRow[], number];
    const after = rows[0]!;
    const auditBefore = taskSnapshot(before);
    const auditAfter = taskSnapshot(after);
    if (action !== 'update') {
      auditBefore.deletedAt = before.deletedAt;
      auditAfter.deletedAt = after.deletedAt;
    }
    await this.audit.record(manager, actor, 'task', before.id, action, auditBefore, auditAfter);
    await this.syncReminders(manager, after);
    return after;
  }

  private syncReminders(manager: EntityManager, row: TaskRow): Promise<void> {
    return this.reminders.sync(manager, {
      id: row.id,
      status: row.status,
      dueAt: asDate(row.dueAt),
      reminderOffsets: row.reminderOffsets,
      deletedAt: asDate(row.deletedAt),
    });
  }

  private async notifyAssigned(manager: EntityManager, row: TaskRow): Promise<void> {
    if (!row.ownerId) return;
    await this.notifications.notify(manager, {
      userId: row.ownerId,
      kind: 'task_assigned',
      title: row.title,
      entity: row.entity,
      entityId: row.entityId,
      taskId: row.id,
    });
  }

  private async timeZoneOf(manager: EntityManager, userId: string): Promise<string> {
    const [user] = (await manager.query('SELECT time_zone FROM users WHERE id = $1', [userId])) as { time_zone: string }[];
    return user?.time_zone ?? 'UTC';
  }
}

/** Reminders and recurrence count from the due time; `until` may not come before the due day. */
function assertDueRules(dueAt: Date | null, timeZone: string, reminderOffsets: number[], rule: RecurrenceRule | null, field: string): void {
  if (!dueAt && reminderOffsets.length) throw TaskException.dueRequired('reminderOffsets', field);
  if (!rule) return;
  if (!dueAt) throw TaskException.dueRequired('recurrence', field);
  if (rule.until && rule.until < localDate(dueAt, timeZone)) throw TaskException.untilBeforeDue(field);
}
