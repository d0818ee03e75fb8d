import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Absent } from '../../../core/http/validation.js';
import { DeletedParam, EnumListFilter, SortParam, StringListFilter, TagMatchParam, UuidListFilter } from '../../../core/list/list-filters.js';
import { PageQueryDto } from '../../../core/list/page-query.dto.js';
import { PageOf } from '../../../core/list/page.dto.js';
import { OptionalText, TagsProperty } from '../../../core/records/contact-points.dto.js';
import { OwnedRecordDto } from '../../../core/records/record.dto.js';
import { IsTimeZone } from '../../users/dto/is-time-zone.js';
import {
  RECURRENCE_FREQUENCIES,
  type RecurrenceFrequency,
  TASK_PRIORITIES,
  TASK_RECORD_KINDS,
  TASK_STATUSES,
  TASK_TYPES,
  type TaskPriority,
  type TaskRecordKind,
  type TaskStatus,
  type TaskType,
} from '../task.entity.js';

export const TASK_SORT_FIELDS = ['dueAt', 'createdAt', 'updatedAt', 'priority'] as const;
export const MAX_REMINDERS = 5;
/** Four weeks, in minutes. */
export const MAX_REMINDER_OFFSET = 40_320;

/** What a completed call or meeting came to; other types take none. */
export const TASK_OUTCOMES: Record<TaskType, readonly string[]> = {
  call: ['reached', 'no_answer', 'busy', 'wrong_number'],
  meeting: ['held', 'rescheduled', 'no_show'],
  email: [],
  todo: [],
};
export const ALL_TASK_OUTCOMES = [...new Set(Object.values(TASK_OUTCOMES).flat())];

export const MY_TASK_VIEWS = ['overdue', 'today', 'upcoming'] as const;
export type MyTaskView = (typeof MY_TASK_VIEWS)[number];

/** Calendar ranges span at most this many days (a month view with its leading and trailing weeks fits). */
export const MAX_CALENDAR_DAYS = 62;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** An instant as ISO 8601 with a time and an offset (`2026-03-28T09:00:00+02:00` or `…Z`). */
const Instant = (field: string) => {
  const message = `${field} must be an ISO 8601 date-time with an offset, such as 2026-03-28T09:00:00+02:00`;
  return applyDecorators(Matches(INSTANT, { message }), IsISO8601({ strict: true }, { message }));
};

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class TaskRecurrenceDto {
  @ApiProperty({ enum: RECURRENCE_FREQUENCIES, enumName: 'TaskRecurrenceFrequency' })
  @IsIn(RECURRENCE_FREQUENCIES)
  frequency: RecurrenceFrequency;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 99, default: 1, description: 'Every this many days, weeks or months' })
  @Absent()
  @IsInt()
  @Min(1)
  @Max(99)
  interval: number = 1;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String, description: 'No occurrence after this day (in the task\'s time zone)' })
  @IsOptional()
  @Matches(CALENDAR_DATE, { message: 'until must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'until must be a date as YYYY-MM-DD' })
  until?: string | null;
}

export class CreateTaskDto {
  @ApiProperty({ minLength: 1, maxLength: 300, example: 'Call back about the offer' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @Matches(/\S/, { message: 'title must not be blank' })
  title: string;

  @OptionalText(10_000)
  description?: string | null;

  @ApiPropertyOptional({ enum: TASK_TYPES, enumName: 'TaskType', default: 'todo' })
  @Absent()
  @IsIn(TASK_TYPES)
  type?: TaskType;

  @ApiPropertyOptional({ enum: TASK_PRIORITIES, enumName: 'TaskPriority', default: 'normal' })
  @Absent()
  @IsIn(TASK_PRIORITIES)
  priority?: TaskPriority;

  @ApiPropertyOptional({
    format: 'date-time',
    nullable: true,
    type: String,
    example: '2026-03-28T09:00:00+02:00',
    description: 'When it is due, with an offset; for an all-day task, any time of the day (it becomes the start of that day in timeZone)',
  })
  @IsOptional()
  @Instant('dueAt')
  dueAt?: string | null;

  @ApiPropertyOptional({ example: 'Europe/Riga', description: "IANA time zone the due time is meant in; recurrence follows it. Defaults to the author's" })
  @Absent()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ default: false, description: 'Due on a day rather than at a time' })
  @Absent()
  @IsBoolean()
  allDay?: boolean;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 10_080, nullable: true, description: 'How long it takes (meetings, calls), in minutes' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_080)
  durationMinutes?: number | null;

  @ApiPropertyOptional({
    type: [Number],
    maxItems: MAX_REMINDERS,
    example: [15, 1440],
    description: `Reminders, in minutes before the due time (0–${MAX_REMINDER_OFFSET}, each once); need dueAt`,
  })
  @Absent()
  @IsArray()
  @ArrayMaxSize(MAX_REMINDERS)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(MAX_REMINDER_OFFSET, { each: true })
  reminderOffsets?: number[];

  @ApiPropertyOptional({ format: 'uuid', description: 'The assignee; defaults to the author' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ enum: TASK_RECORD_KINDS, enumName: 'TaskRecordKind', nullable: true, description: 'The kind of record it is about; with entityId' })
  @IsOptional()
  @IsIn(TASK_RECORD_KINDS)
  entity?: TaskRecordKind | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'A contact, company or deal you may read; with entity' })
  @IsOptional()
  @IsUUID()
  entityId?: string | null;

  @ApiPropertyOptional({ type: TaskRecurrenceDto, nullable: true, description: 'Repeat it: when an occurrence is completed, the next one is created; needs dueAt' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TaskRecurrenceDto)
  recurrence?: TaskRecurrenceDto | null;

  @TagsProperty()
  tags?: string[];
}

/** A task created together with another write (a completion, a deal's stage move): a create body. */
export class NextTaskDto extends CreateTaskDto {}

/** The next task of a deal's stage move: always about that deal. */
export class DealNextTaskDto extends OmitType(CreateTaskDto, ['entity', 'entityId'] as const) {}

/** Any field but the status, which changes through complete, cancel and reopen. Null clears a nullable field. */
export class UpdateTaskDto extends PartialType(CreateTaskDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ minimum: 1, description: 'The version being changed; or send If-Match' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class TaskVersionDto {
  @ApiProperty({ minimum: 1, description: 'The version of the task being changed' })
  @IsInt()
  @Min(1)
  version: number;
}

export class CompleteTaskDto extends TaskVersionDto {
  @OptionalText(10_000)
  result?: string | null;

  @ApiPropertyOptional({
    enum: ALL_TASK_OUTCOMES,
    enumName: 'TaskOutcome',
    description: 'Calls: reached, no_answer, busy, wrong_number; meetings: held, rescheduled, no_show; other types take none',
  })
  @IsOptional()
  @IsIn(ALL_TASK_OUTCOMES)
  outcome?: string;

  @ApiPropertyOptional({
    type: NextTaskDto,
    description: 'A follow-up created in the same step; by default about the same record, for the same assignee, of the same type',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => NextTaskDto)
  nextTask?: NextTaskDto;
}

const BooleanParam = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: Boolean, description }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean(),
  );

const InstantParam = (field: string, description: string, required = false) =>
  applyDecorators(
    required ? ApiProperty({ format: 'date-time', description }) : ApiPropertyOptional({ format: 'date-time', description }),
    ...(required ? [] : [IsOptional()]),
    Instant(field),
  );

export class ListTasksQueryDto extends PageQueryDto {
  @UuidListFilter('Only tasks assigned to these users')
  ownerId?: string[];

  @UuidListFilter('Only tasks whose assignee is in one of these teams')
  teamId?: string[];

  @EnumListFilter(TASK_STATUSES, 'TaskStatus', 'Only tasks in these states; open ones when left out')
  status?: TaskStatus[];

  @EnumListFilter(TASK_TYPES, 'TaskType', 'Only tasks of these types')
  type?: TaskType[];

  @EnumListFilter(TASK_PRIORITIES, 'TaskPriority', 'Only tasks of these priorities')
  priority?: TaskPriority[];

  @InstantParam('dueFrom', 'Due at or after')
  dueFrom?: string;

  @InstantParam('dueTo', 'Due before')
  dueTo?: string;

  @BooleanParam('true: only open tasks due before now; false: all others')
  overdue?: boolean;

  @ApiPropertyOptional({ enum: TASK_RECORD_KINDS, enumName: 'TaskRecordKind', description: "With entityId: a record's tasks" })
  @IsOptional()
  @IsIn(TASK_RECORD_KINDS)
  entity?: TaskRecordKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'With entity' })
  @IsOptional()
  @IsUUID()
  entityId?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Text to look for in titles' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @StringListFilter('Only tasks carrying all these tags (any of them with tagMatch=any)')
  tag?: string[];

  @TagMatchParam()
  tagMatch?: 'all' | 'any';

  @SortParam(TASK_SORT_FIELDS, 'dueAt')
  sort?: string;

  @DeletedParam()
  deleted?: 'exclude' | 'only';
}

export class MyTasksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: MY_TASK_VIEWS,
    enumName: 'MyTaskView',
    default: 'today',
    description: 'overdue: due before now; today: due within the current day in your time zone; upcoming: due after today',
  })
  @IsOptional()
  @IsIn(MY_TASK_VIEWS)
  view: MyTaskView = 'today';
}

export class CalendarQueryDto {
  @InstantParam('from', 'Start of the range (inclusive)', true)
  from: string;

  @InstantParam('to', `End of the range (exclusive), at most ${MAX_CALENDAR_DAYS} days after from`, true)
  to: string;

  @UuidListFilter('Only tasks assigned to these users')
  ownerId?: string[];

  @UuidListFilter('Only tasks whose assignee is in one of these teams')
  teamId?: string[];
}

export class TaskRecordDto {
  @ApiProperty({ enum: TASK_RECORD_KINDS, enumName: 'TaskRecordKind' })
  entity: TaskRecordKind;

  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: "The contact's full name, the company's name or the deal's title" })
  title: string;
}

export class TaskRecurrenceRuleDto {
  @ApiProperty({ enum: RECURRENCE_FREQUENCIES, enumName: 'TaskRecurrenceFrequency' })
  frequency: RecurrenceFrequency;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 99 })
  interval: number;

  @ApiProperty({ format: 'date', nullable: true, type: String })
  until: string | null;
}

export class TaskDto extends OwnedRecordDto {
  @ApiProperty()
  title: string;

  @ApiProperty({ nullable: true, type: String })
  description: string | null;

  @ApiProperty({ enum: TASK_TYPES, enumName: 'TaskType' })
  type: TaskType;

  @ApiProperty({ enum: TASK_PRIORITIES, enumName: 'TaskPriority' })
  priority: TaskPriority;

  @ApiProperty({ enum: TASK_STATUSES, enumName: 'TaskStatus' })
  status: TaskStatus;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  dueAt: string | null;

  @ApiProperty({ example: 'Europe/Riga' })
  timeZone: string;

  @ApiProperty()
  allDay: boolean;

  @ApiProperty({ type: Number, nullable: true })
  durationMinutes: number | null;

  @ApiProperty({ type: [Number], description: 'Minutes before the due time' })
  reminderOffsets: number[];

  @ApiProperty({ type: TaskRecurrenceRuleDto, nullable: true })
  recurrence: TaskRecurrenceRuleDto | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Shared by the occurrences of a recurring task: the first one\'s id' })
  seriesId: string | null;

  @ApiProperty({ enum: TASK_RECORD_KINDS, enumName: 'TaskRecordKind', nullable: true })
  entity: TaskRecordKind | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  entityId: string | null;

  @ApiProperty({ type: TaskRecordDto, nullable: true, description: 'The linked record, named; null when there is none or it is out of your reach' })
  record: TaskRecordDto | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it was completed or cancelled' })
  completedAt: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  completedById: string | null;

  @ApiProperty({ nullable: true, type: String })
  result: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'See TaskOutcome' })
  outcome: string | null;

  @ApiProperty({ description: 'Open and due before now' })
  overdue: boolean;
}

export class TaskPageDto extends PageOf(TaskDto) {}

export class TaskCountersDto {
  @ApiProperty({ description: 'Your open tasks due before now' })
  overdue: number;

  @ApiProperty({ description: 'Your open tasks due within the current day in your time zone (those already past included)' })
  today: number;
}

export class TaskCompletionDto {
  @ApiProperty({ type: TaskDto })
  task: TaskDto;

  @ApiProperty({ type: TaskDto, nullable: true, description: 'The nextTask asked for' })
  next: TaskDto | null;

  @ApiProperty({ type: TaskDto, nullable: true, description: 'The next occurrence of a recurring task; null after its until' })
  nextOccurrence: TaskDto | null;
}

export class CalendarTaskDto extends TaskDto {
  @ApiProperty({
    description:
      'A future occurrence of an open recurring task, not created yet: it carries the fields of the open occurrence (its id ' +
      'and version too) with this occurrence\'s due time',
  })
  projected: boolean;
}

export class TaskCalendarDto {
  @ApiProperty({ type: [CalendarTaskDto], description: 'By due time' })
  items: CalendarTaskDto[];

  @ApiProperty({ description: 'More tasks are due in the range than an answer holds; narrow it' })
  truncated: boolean;
}
