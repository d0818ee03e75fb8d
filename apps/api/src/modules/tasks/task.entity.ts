import { Column, Entity } from 'typeorm';
import { OwnedRecord } from '../../core/records/owned-record.entity.js';

export const TASK_TYPES = ['call', 'meeting', 'email', 'todo'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const TASK_PRIORITIES = ['low', 'normal', 'high'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** The client records a task may be linked to. */
export const TASK_RECORD_KINDS = ['contact', 'company', 'deal'] as const;
export type TaskRecordKind = (typeof TASK_RECORD_KINDS)[number];

export const RECURRENCE_FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;
export type RecurrenceFrequency = (typeof RECURRENCE_FREQUENCIES)[number];

/** Repeats a task after it is done: every `interval` days, weeks or months, in the task's time zone. */
export interface TaskRecurrence {
  frequency: RecurrenceFrequency;
  interval: number;
  /** `YYYY-MM-DD`: no occurrence after this local date. */
  until?: string | null;
  /**
   * Where this occurrence stands in its run (kept in the column, not shown by the API): the local date-time of the run's
   * first occurrence in the task's zone (`2026-01-31T09:00:00.000`) and this occurrence's index in it. Each next due
   * time is computed from these, not from the previous (possibly clamped) one, so that a monthly task on the 31st
   * returns to the 31st after February. Rescheduling an occurrence starts a new run from it.
   */
  anchor?: string;
  index?: number;
  /** Set once completing this occurrence created the next one, so that reopening and completing it again does not repeat it. */
  nextId?: string;
}

/**
 * A task or activity. Its owner is the assignee, so the own/team levels of the `task` permission read as "my tasks"
 * and "my team's tasks"; `createdById` is the author.
 */
@Entity({ name: 'tasks' })
export class Task extends OwnedRecord {
  @Column({ type: 'varchar' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar' })
  type: TaskType;

  @Column({ type: 'varchar' })
  priority: TaskPriority;

  @Column({ type: 'varchar' })
  status: TaskStatus;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  /** IANA time zone the due time was set in; recurrence and "today" follow it. */
  @Column({ name: 'time_zone', type: 'varchar' })
  timeZone: string;

  @Column({ name: 'all_day', type: 'boolean' })
  allDay: boolean;

  @Column({ name: 'duration_minutes', type: 'integer', nullable: true })
  durationMinutes: number | null;

  /** Minutes before the due time, one reminder each. */
  @Column({ name: 'reminder_offsets', type: 'integer', array: true })
  reminderOffsets: number[];

  @Column({ type: 'jsonb', nullable: true })
  recurrence: TaskRecurrence | null;

  /** Shared by every occurrence of a recurring task: the first one's id. */
  @Column({ name: 'series_id', type: 'uuid', nullable: true })
  seriesId: string | null;

  @Column({ type: 'varchar', nullable: true })
  entity: TaskRecordKind | null;

  @Column({ name: 'entity_id', type: 'uuid', nullable: true })
  entityId: string | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'completed_by_id', type: 'uuid', nullable: true })
  completedById: string | null;

  /** What came of it, written on completion. */
  @Column({ type: 'text', nullable: true })
  result: string | null;

  /** For calls and meetings, e.g. `reached`, `no_answer`, `held`, `rescheduled`. */
  @Column({ type: 'varchar', nullable: true })
  outcome: string | null;
}
