import type { Schema } from '@/api/client';
import type { RecurrenceFrequency, Task, TaskBody, TaskPriority, TaskRecord, TaskType } from './task-api';
import { addDays, instantToWall, type WallTime, wallToInstant } from './task-time';

/** What a new task starts with, e.g. the record whose card it is created from, or the calendar day clicked. */
export interface TaskDefaults {
  title?: string;
  type?: TaskType;
  record?: TaskRecord | null;
  dueAt?: WallTime;
  allDay?: boolean;
  ownerId?: string | null;
}

/** The task form's fields: the due time as a wall time in `timeZone`, the linked record named. */
export interface TaskModel {
  title: string;
  type: TaskType;
  priority: TaskPriority;
  dueAt: WallTime | null;
  timeZone: string;
  allDay: boolean;
  durationMinutes: number | null;
  reminderOffsets: number[];
  ownerId: string | null;
  record: TaskRecord | null;
  recurrence: { frequency: RecurrenceFrequency | null; interval: number; until: string | null };
  description: string;
  tags: string[];
}

/** The next full hour, as a wall time in `zone`: where a new task's due time starts. */
export function nextFullHour(zone: string, now = Date.now()): WallTime {
  return instantToWall(Math.ceil((now + 1) / 3_600_000) * 3_600_000, zone);
}

export function taskToModel(task: Task | null | undefined, defaults: TaskDefaults, userZone: string, userId: string | null): TaskModel {
  if (task) {
    const wall = task.dueAt ? instantToWall(task.dueAt, task.timeZone) : null;
    return {
      title: task.title,
      type: task.type,
      priority: task.priority,
      dueAt: wall && task.allDay ? wall.slice(0, 10) : wall,
      timeZone: task.timeZone,
      allDay: task.allDay,
      durationMinutes: task.durationMinutes,
      reminderOffsets: [...task.reminderOffsets],
      ownerId: task.ownerId,
      record: task.record ?? (task.entity && task.entityId ? { entity: task.entity, id: task.entityId, title: '' } : null),
      recurrence: { frequency: task.recurrence?.frequency ?? null, interval: task.recurrence?.interval ?? 1, until: task.recurrence?.until ?? null },
      description: task.description ?? '',
      tags: [...task.tags],
    };
  }
  const allDay = defaults.allDay ?? false;
  const due = defaults.dueAt ?? nextFullHour(userZone);
  return {
    title: defaults.title ?? '',
    type: defaults.type ?? 'call',
    priority: 'normal',
    dueAt: allDay ? due.slice(0, 10) : due,
    timeZone: userZone,
    allDay,
    durationMinutes: null,
    reminderOffsets: allDay ? [] : [15],
    ownerId: defaults.ownerId ?? userId,
    record: defaults.record ?? null,
    recurrence: { frequency: null, interval: 1, until: null },
    description: '',
    tags: [],
  };
}

/** The instant of a due wall time; a whole day is sent as its noon, which the API turns into the start of that day. */
export function dueInstant(dueAt: WallTime | null, allDay: boolean, zone: string): string | null {
  if (!dueAt) return null;
  return wallToInstant(allDay ? `${dueAt.slice(0, 10)} 12:00` : dueAt, zone);
}

export function modelToBody(model: TaskModel): TaskBody & { ownerId?: string } {
  const dueAt = dueInstant(model.dueAt, model.allDay, model.timeZone);
  const { frequency, interval, until } = model.recurrence;
  return {
    title: model.title.trim(),
    type: model.type,
    priority: model.priority,
    description: model.description.trim() || null,
    dueAt,
    timeZone: model.timeZone,
    allDay: model.allDay,
    durationMinutes: model.durationMinutes || null,
    reminderOffsets: dueAt ? model.reminderOffsets : [],
    ownerId: model.ownerId ?? undefined,
    entity: model.record?.entity ?? null,
    entityId: model.record?.id ?? null,
    recurrence: frequency && dueAt ? { frequency, interval, until } : null,
    tags: model.tags,
  };
}

/** The short form of a follow-up: what "schedule the next one" asks. */
export interface NextTaskModel {
  title: string;
  type: TaskType;
  dueAt: WallTime | null;
  timeZone: string;
  ownerId: string | null;
}

/**
 * A follow-up to `task`: the same type, assignee and zone, due a day after the task was (or a day from now, if that was
 * already past), at the same time of day.
 */
export function followUpOf(task: Pick<Task, 'title' | 'type' | 'ownerId' | 'dueAt' | 'timeZone'>, now = Date.now()): NextTaskModel {
  const base = task.dueAt && Date.parse(task.dueAt) > now ? instantToWall(task.dueAt, task.timeZone) : instantToWall(now, task.timeZone);
  const time = task.dueAt ? instantToWall(task.dueAt, task.timeZone).slice(11) : base.slice(11);
  return { title: task.title, type: task.type, dueAt: `${addDays(base, 1).slice(0, 10)} ${time}`, timeZone: task.timeZone, ownerId: task.ownerId };
}

export function nextTaskBody(model: NextTaskModel, record: TaskRecord | null | undefined): Schema<'NextTaskDto'> {
  return {
    title: model.title.trim(),
    type: model.type,
    dueAt: dueInstant(model.dueAt, false, model.timeZone),
    timeZone: model.timeZone,
    ownerId: model.ownerId ?? undefined,
    ...(record ? { entity: record.entity, entityId: record.id } : {}),
  };
}
