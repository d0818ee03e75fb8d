import type { paths } from '@crm/api-client';
import { api, type Schema, unwrap } from '@/api/client';
import type { ListParams, Page } from '@/composables/use-cursor-list';

export type Task = Schema<'TaskDto'>;
export type CalendarTask = Schema<'CalendarTaskDto'>;
export type TaskType = Schema<'TaskType'>;
export type TaskPriority = Schema<'TaskPriority'>;
export type TaskStatus = Schema<'TaskStatus'>;
export type TaskOutcome = Schema<'TaskOutcome'>;
export type TaskRecordKind = Schema<'TaskRecordKind'>;
export type TaskRecord = Schema<'TaskRecordDto'>;
export type RecurrenceFrequency = Schema<'TaskRecurrenceFrequency'>;
export type TaskBody = Schema<'CreateTaskDto'>;
export type MyTaskView = Schema<'MyTaskView'>;
export type Settings = Schema<'SettingsDto'>;

export const TASK_TYPES: TaskType[] = ['call', 'meeting', 'email', 'todo'];
export const TASK_PRIORITIES: TaskPriority[] = ['high', 'normal', 'low'];
export const TASK_STATUSES: TaskStatus[] = ['open', 'done', 'cancelled'];
export const RECORD_KINDS: TaskRecordKind[] = ['contact', 'company', 'deal'];
export const FREQUENCIES: RecurrenceFrequency[] = ['daily', 'weekly', 'monthly'];
export const MY_VIEWS: MyTaskView[] = ['overdue', 'today', 'upcoming'];
/** Reminder offsets the form offers, in minutes before the due time. */
export const REMINDER_OFFSETS = [0, 5, 15, 30, 60, 1440];
/** The outcomes a completed call or meeting may have; other types take none. */
export const OUTCOMES: Partial<Record<TaskType, TaskOutcome[]>> = {
  call: ['reached', 'no_answer', 'busy', 'wrong_number'],
  meeting: ['held', 'rescheduled', 'no_show'],
};

type ListQuery = NonNullable<paths['/api/v1/tasks']['get']['parameters']['query']>;
const PAGE_SIZE = 50;

export const listTasks = (params: ListParams & { cursor?: string }, limit = PAGE_SIZE): Promise<Page<Task>> =>
  unwrap(api.GET('/api/v1/tasks', { params: { query: { limit, ...params } as ListQuery } }));

export const listMyTasks = (view: MyTaskView, cursor?: string): Promise<Page<Task>> =>
  unwrap(api.GET('/api/v1/tasks/mine', { params: { query: { view, cursor, limit: PAGE_SIZE } } }));

export const listCalendarTasks = (from: Date, to: Date, ownerId?: string[]) =>
  unwrap(api.GET('/api/v1/tasks/calendar', { params: { query: { from: from.toISOString(), to: to.toISOString(), ownerId } } }));

export const getTask = (id: string) => unwrap(api.GET('/api/v1/tasks/{id}', { params: { path: { id } } }));
export const createTask = (body: TaskBody) => unwrap(api.POST('/api/v1/tasks', { body }));
export const updateTask = (id: string, body: Schema<'UpdateTaskDto'>) => unwrap(api.PATCH('/api/v1/tasks/{id}', { params: { path: { id } }, body }));
export const deleteTask = (task: Task) =>
  unwrap(api.DELETE('/api/v1/tasks/{id}', { params: { path: { id: task.id }, header: { 'If-Match': `"${task.version}"` } } }));
export const restoreTask = (id: string) => unwrap(api.POST('/api/v1/tasks/{id}/restore', { params: { path: { id } } }));

export const completeTask = (task: Task, body: Omit<Schema<'CompleteTaskDto'>, 'version'> = {}) =>
  unwrap(api.POST('/api/v1/tasks/{id}/complete', { params: { path: { id: task.id } }, body: { ...body, version: task.version } }));
export const cancelTask = (task: Task) => unwrap(api.POST('/api/v1/tasks/{id}/cancel', { params: { path: { id: task.id } }, body: { version: task.version } }));
export const reopenTask = (task: Task) => unwrap(api.POST('/api/v1/tasks/{id}/reopen', { params: { path: { id: task.id } }, body: { version: task.version } }));

export const getSettings = () => unwrap(api.GET('/api/v1/settings'));
export const setRequireNextTask = (requireNextTask: boolean) => unwrap(api.PATCH('/api/v1/settings', { body: { deals: { requireNextTask } } }));

/** The card a linked record opens. */
export const recordRoute = (record: { entity: TaskRecordKind; id: string }) => ({ name: record.entity, params: { id: record.id } });
