import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { levelFor, ownerCondition } from '../../core/access/access.js';
import type { Actor } from '../../core/auth/actor.js';
import type { TimelineRecord, TimelineSource } from '../timeline/timeline-source.js';
import type { TaskTimelineEvent, TimelineTaskDto } from './dto/task-timeline.dto.js';

/** A task event as jsonb; the due time arrives as text and is made ISO again in `detail`. */
type TaskPayload = Omit<TimelineTaskDto, 'event'> & { event: TaskTimelineEvent };

const payload = (event: string) =>
  `jsonb_build_object('event', ${event}, 'taskId', t.id, 'title', t.title, 'type', t.type, 'status', t.status, 'dueAt', t.due_at, ` +
  `'ownerId', t.owner_id, 'result', t.result, 'outcome', t.outcome)`;

/** The record's live tasks that the actor may read (the `task` read level on the assignee). */
function recordTasks(manager: EntityManager, record: TimelineRecord, actor: Actor): SelectQueryBuilder<ObjectLiteral> {
  return manager
    .createQueryBuilder()
    .from('tasks', 't')
    .where('t.entity = :recordKind AND t.entity_id = :recordId AND t.deleted_at IS NULL', { recordKind: record.kind, recordId: record.id })
    .andWhere(ownerCondition(levelFor(actor, 'task', 'read'), 't.owner_id'), { accessUserId: actor.userId, accessTeamId: actor.teamId });
}

function detail(task: TaskPayload): { task: TimelineTaskDto } {
  return {
    task: {
      event: task.event,
      taskId: task.taskId,
      title: task.title,
      type: task.type,
      status: task.status,
      dueAt: task.dueAt === null ? null : new Date(task.dueAt).toISOString(),
      ownerId: task.ownerId,
      result: task.event === 'completed' ? task.result : null,
      outcome: task.event === 'completed' ? task.outcome : null,
    },
  };
}

/** A task about the record was created (by its author); the item's id is the task's. */
export const taskCreations: TimelineSource<TaskPayload> = {
  kind: 'task',
  idType: 'uuid',
  columns: {
    occurredAt: 't.created_at',
    id: 't.id',
    actorUserId: 't.created_by_id',
    actorApiKeyId: 'CAST(NULL AS uuid)',
    payload: payload(`'created'`),
  },
  query: recordTasks,
  detail,
};

/**
 * A task about the record was completed or cancelled (by whoever closed it). Its item id is derived from the task's,
 * so that it differs from the creation's within the kind; a reopened task has no such item until it is closed again.
 */
export const taskClosings: TimelineSource<TaskPayload> = {
  kind: 'task',
  idType: 'uuid',
  columns: {
    occurredAt: 't.completed_at',
    id: `CAST(md5(CAST(t.id AS text) || ':closed') AS uuid)`,
    actorUserId: 't.completed_by_id',
    actorApiKeyId: 'CAST(NULL AS uuid)',
    payload: payload(`CASE t.status WHEN 'done' THEN 'completed' ELSE 'cancelled' END`),
  },
  query: (manager, record, actor) => recordTasks(manager, record, actor).andWhere(`t.status <> 'open'`),
  detail,
};
