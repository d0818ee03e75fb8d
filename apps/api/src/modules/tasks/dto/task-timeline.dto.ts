import { ApiProperty } from '@nestjs/swagger';
import { TASK_STATUSES, TASK_TYPES, type TaskStatus, type TaskType } from '../task.entity.js';

export const TASK_TIMELINE_EVENTS = ['created', 'completed', 'cancelled'] as const;
export type TaskTimelineEvent = (typeof TASK_TIMELINE_EVENTS)[number];

/** A task about the record created, completed (with what came of it) or cancelled. */
export class TimelineTaskDto {
  @ApiProperty({ enum: TASK_TIMELINE_EVENTS, enumName: 'TaskTimelineEvent' })
  event: TaskTimelineEvent;

  @ApiProperty({ format: 'uuid' })
  taskId: string;

  @ApiProperty({ description: "The task's title now" })
  title: string;

  @ApiProperty({ enum: TASK_TYPES, enumName: 'TaskType' })
  type: TaskType;

  @ApiProperty({ enum: TASK_STATUSES, enumName: 'TaskStatus', description: "The task's status now" })
  status: TaskStatus;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  dueAt: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The assignee' })
  ownerId: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Set on completed items' })
  result: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Set on completed calls and meetings' })
  outcome: string | null;
}
