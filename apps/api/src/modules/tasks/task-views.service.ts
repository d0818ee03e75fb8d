import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { levelFor, ownerCondition } from '../../core/access/access.js';
import type { Actor } from '../../core/auth/actor.js';
import { decodeCursor, encodeCursor, ListException } from '../../core/list/cursor-list.js';
import {
  type CalendarQueryDto,
  type CalendarTaskDto,
  MAX_CALENDAR_DAYS,
  type MyTasksQueryDto,
  type MyTaskView,
  type TaskCalendarDto,
  type TaskCountersDto,
  type TaskPageDto,
} from './dto/task.dto.js';
import { asDate, loadRecords, ownerScope, recordOf, SqlParams, taskColumns, type TaskRow, toTaskDto } from './task-records.js';
import { occurrencesBetween } from './task-recurrence.js';
import { TaskException } from './tasks.errors.js';

/** A row of my tasks: the task and the name of its record, when the actor may read it. */
interface MyTaskRow extends TaskRow {
  recordTitle: string | null;
}

const DAY_MS = 24 * 3600 * 1000;
/** The calendar answers at most this many tasks, real and projected together. */
const CALENDAR_LIMIT = 1000;
/** Recurring tasks projected into one calendar range, at most. */
const CALENDAR_SERIES_LIMIT = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The bounds of the actor's current day in their own time zone (users.time_zone), as SQL: the local midnight, and the
 * next one (a DST day is 23 or 25 hours long). Scalar subqueries, so the index range on due_at takes them as its
 * runtime bounds.
 */
const dayStart = (user: string) =>
  `(SELECT date_trunc('day', now() AT TIME ZONE u.time_zone) AT TIME ZONE u.time_zone FROM users u WHERE u.id = ${user})`;
const dayEnd = (user: string) =>
  `(SELECT (date_trunc('day', now() AT TIME ZONE u.time_zone) + interval '1 day') AT TIME ZONE u.time_zone FROM users u WHERE u.id = ${user})`;

const VIEWS: Record<MyTaskView, (user: string) => string> = {
  overdue: () => 't.due_at < now()',
  today: (user) => `t.due_at >= ${dayStart(user)} AND t.due_at < ${dayEnd(user)}`,
  upcoming: (user) => `t.due_at >= ${dayEnd(user)}`,
};

/** The linked records whose names a task of mine shows, joined per kind within the actor's read level. */
const RECORD_JOINS = [
  { kind: 'contact', table: 'contacts', alias: 'rc', title: 'full_name' },
  { kind: 'company', table: 'companies', alias: 'rco', title: 'name' },
  { kind: 'deal', table: 'deals', alias: 'rd', title: 'title' },
] as const;

const cursorSignature = (view: MyTaskView) => `mine:${view}`;

function readCursor(cursor: string, view: MyTaskView): [string, string] {
  const [dueAt, id] = decodeCursor(cursor, cursorSignature(view), 2);
  if (typeof dueAt !== 'string' || !ISO_MILLIS.test(dueAt) || Number.isNaN(Date.parse(dueAt)) || typeof id !== 'string' || !UUID.test(id)) {
    throw new ListException('invalid_cursor', 'The cursor is malformed or belongs to another view.', {
      errors: [{ field: 'cursor', messages: ['cursor is not valid for this view'] }],
    });
  }
  return [dueAt, id];
}

/**
 * The views of tasks that are read all day long: my tasks (overdue, today, upcoming) and their counters, benchmarked
 * against raw SQL, and the calendar. Each is one hand-written statement walking tasks_open_owner_due_idx (the calendar:
 * tasks_owner_due_idx or tasks_due_idx, and tasks_open_recurring_idx for its projections); rows map straight to the
 * answer, without entities.
 */
@Injectable()
export class TaskViewsService {
  constructor(private readonly dataSource: DataSource) {}

  /** The actor's own open tasks of one view, by due time; with the names of their records. */
  async listMyTasks(actor: Actor, query: MyTasksQueryDto): Promise<TaskPageDto> {
    const params = new SqlParams();
    const user = params.param(actor.userId);
    let team: string | undefined;
    const teamParam = () => (team ??= params.param(actor.teamId));
    const titles: string[] = [];
    const joins: string[] = [];
    for (const { kind, table, alias, title } of RECORD_JOINS) {
      const level = levelFor(actor, kind, 'read');
      if (level === 'none') continue;
      const scope = level === 'all' ? 'TRUE' : ownerCondition(level, `${alias}.owner_id`, { userId: user, teamId: level === 'team' ? teamParam() : '' });
      joins.push(`LEFT JOIN ${table} ${alias} ON t.entity = '${kind}' AND ${alias}.id = t.entity_id AND ${alias}.deleted_at IS NULL AND ${scope}`);
      titles.push(`${alias}.${title}`);
    }
    const conditions = [`t.owner_id = ${user}`, `t.status = 'open'`, 't.deleted_at IS NULL', VIEWS[query.view](user)];
    if (query.cursor) {
      const [dueAt, id] = readCursor(query.cursor, query.view);
      conditions.push(`(t.due_at, t.id) > (CAST(${params.param(dueAt)} AS timestamptz), CAST(${params.param(id)} AS uuid))`);
    }
    const rows = (await this.dataSource.query(
      `SELECT ${taskColumns('t')}, ${titles.length ? `COALESCE(${titles.join(', ')})` : 'NULL'} AS "recordTitle"
       FROM tasks t ${joins.join(' ')}
       WHERE ${conditions.join(' AND ')}
       ORDER BY t.due_at, t.id
       LIMIT ${params.param(query.limit + 1)}`,
      params.values,
    )) as MyTaskRow[];
    const now = Date.now();
    const items = rows.slice(0, query.limit).map((row) =>
      toTaskDto(row, row.recordTitle === null ? null : { entity: row.entity!, id: row.entityId!, title: row.recordTitle }, now),
    );
    const last = items.at(-1);
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(cursorSignature(query.view), [last.dueAt!, last.id]) : null };
  }

  /** How many of the actor's open tasks are overdue and due today: one index range, counted twice over. */
  async getTaskCounters(actor: Actor): Promise<TaskCountersDto> {
    const [row] = (await this.dataSource.query(
      `SELECT CAST(count(*) FILTER (WHERE t.due_at < now()) AS integer) AS overdue,
              CAST(count(*) FILTER (WHERE t.due_at >= day.day_start) AS integer) AS today
       FROM (SELECT date_trunc('day', now() AT TIME ZONE u.time_zone) AT TIME ZONE u.time_zone AS day_start,
                    (date_trunc('day', now() AT TIME ZONE u.time_zone) + interval '1 day') AT TIME ZONE u.time_zone AS day_end
             FROM users u WHERE u.id = $1) day
       JOIN tasks t ON t.owner_id = $1 AND t.status = 'open' AND t.deleted_at IS NULL AND t.due_at < day.day_end`,
      [actor.userId],
    )) as TaskCountersDto[];
    return { overdue: row!.overdue, today: row!.today };
  }

  /**
   * Every task due in [from, to) within the actor's read level, and the future occurrences of open recurring tasks
   * projected into the range (not created until their predecessor is completed), by due time.
   */
  async listCalendarTasks(actor: Actor, query: CalendarQueryDto): Promise<TaskCalendarDto> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (to <= from) throw TaskException.calendarRange('to must be after from');
    if (to.getTime() - from.getTime() > MAX_CALENDAR_DAYS * DAY_MS) throw TaskException.calendarRange(`to must be at most ${MAX_CALENDAR_DAYS} days after from`);

    const params = new SqlParams();
    const conditions = ['t.deleted_at IS NULL', ownerScope(params, actor, 'task', 'read', 't.owner_id')];
    if (query.ownerId?.length) conditions.push(`t.owner_id = ANY(CAST(${params.param(query.ownerId)} AS uuid[]))`);
    if (query.teamId?.length) {
      conditions.push(`t.owner_id IN (SELECT team_u.id FROM users team_u WHERE team_u.team_id = ANY(CAST(${params.param(query.teamId)} AS uuid[])))`);
    }
    const fromParam = params.param(from.toISOString());
    const toParam = params.param(to.toISOString());
    const where = conditions.join(' AND ');
    // One statement: the tasks due in the range, and (flagged) the open recurring ones due before its end to project.
    const rows = (await this.dataSource.query(
      `(SELECT ${taskColumns('t')}, false AS "series" FROM tasks t
         WHERE ${where} AND t.due_at >= CAST(${fromParam} AS timestamptz) AND t.due_at < CAST(${toParam} AS timestamptz)
         ORDER BY t.due_at, t.id LIMIT ${CALENDAR_LIMIT + 1})
       UNION ALL
       (SELECT ${taskColumns('t')}, true AS "series" FROM tasks t
         WHERE ${where} AND t.status = 'open' AND t.recurrence IS NOT NULL AND t.due_at < CAST(${toParam} AS timestamptz)
         ORDER BY t.due_at DESC, t.id LIMIT ${CALENDAR_SERIES_LIMIT})`,
      params.values,
    )) as (TaskRow & { series: boolean })[];

    const items: { row: TaskRow; projected: boolean }[] = [];
    for (const row of rows) {
      if (!row.series) {
        items.push({ row, projected: false });
        continue;
      }
      for (const occurrence of occurrencesBetween(row.recurrence!, asDate(row.dueAt)!, row.timeZone, from, to, CALENDAR_LIMIT + 1)) {
        items.push({ row: { ...row, dueAt: occurrence.dueAt.toISOString() }, projected: true });
      }
    }
    items.sort((a, b) => (a.row.dueAt! < b.row.dueAt! ? -1 : a.row.dueAt! > b.row.dueAt! ? 1 : a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : Number(a.projected) - Number(b.projected)));
    const shown = items.slice(0, CALENDAR_LIMIT);
    const records = await loadRecords(this.dataSource.manager, actor, shown.map((item) => item.row));
    const now = Date.now();
    return {
      items: shown.map(({ row, projected }): CalendarTaskDto => {
        const task = toTaskDto(row, recordOf(records, row), now) as CalendarTaskDto;
        task.projected = projected;
        if (projected) task.overdue = false;
        return task;
      }),
      truncated: items.length > CALENDAR_LIMIT,
    };
  }
}
