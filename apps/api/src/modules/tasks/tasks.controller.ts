import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Can, CurrentActor } from '../../core/auth/auth.decorators.js';
import { IdParam } from '../../core/http/id-param.js';
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import { IfMatch, IfMatchHeader } from '../../core/records/version.js';
import {
  CalendarQueryDto,
  CompleteTaskDto,
  CreateTaskDto,
  ListTasksQueryDto,
  MyTasksQueryDto,
  TaskCalendarDto,
  TaskCompletionDto,
  TaskCountersDto,
  TaskDto,
  TaskPageDto,
  TaskVersionDto,
  UpdateTaskDto,
} from './dto/task.dto.js';
import { TaskViewsService } from './task-views.service.js';
import { TasksService } from './tasks.service.js';

@ApiTags('tasks')
@Controller('tasks')
@ApiNotFoundResponse({ type: ProblemDto, description: 'No such task within your reach' })
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly views: TaskViewsService,
  ) {}

  /** Lists the tasks you may read (assigned within your level), open ones by due time unless asked otherwise. */
  @Get()
  @Can('task', 'read')
  @ApiOkResponse({ type: TaskPageDto })
  listTasks(@CurrentActor() actor: Actor, @Query() query: ListTasksQueryDto): Promise<TaskPageDto> {
    return this.tasks.listTasks(actor, query);
  }

  /** Your own open tasks that are overdue, due today (in your time zone) or upcoming, by due time. */
  @Get('mine')
  @Can('task', 'read')
  @ApiOkResponse({ type: TaskPageDto })
  listMyTasks(@CurrentActor() actor: Actor, @Query() query: MyTasksQueryDto): Promise<TaskPageDto> {
    return this.views.listMyTasks(actor, query);
  }

  /** How many of your open tasks are overdue and due today, for badges. */
  @Get('counters')
  @Can('task', 'read')
  @ApiOkResponse({ type: TaskCountersDto })
  getTaskCounters(@CurrentActor() actor: Actor): Promise<TaskCountersDto> {
    return this.views.getTaskCounters(actor);
  }

  /** Tasks due in a range of at most 62 days, with the projected occurrences of recurring ones, for a week or month view. */
  @Get('calendar')
  @Can('task', 'read')
  @ApiOkResponse({ type: TaskCalendarDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'from and to are not instants, or to is not after from or more than 62 days after it' })
  listCalendarTasks(@CurrentActor() actor: Actor, @Query() query: CalendarQueryDto): Promise<TaskCalendarDto> {
    return this.views.listCalendarTasks(actor, query);
  }

  @Get(':id')
  @Can('task', 'read')
  @ApiOkResponse({ type: TaskDto })
  getTask(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<TaskDto> {
    return this.tasks.getTask(actor, id);
  }

  /** Creates a task for you or (within your level) someone else, optionally about a contact, company or deal you may read. */
  @Post()
  @Can('task', 'create')
  @ApiCreatedResponse({ type: TaskDto })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description: 'Invalid fields, a record you cannot read, reminders or recurrence without dueAt (due_required), or until before the due day',
  })
  createTask(@CurrentActor() actor: Actor, @Body() dto: CreateTaskDto): Promise<TaskDto> {
    return this.tasks.createTask(actor, dto);
  }

  /** Changes any field but the status (see complete, cancel, reopen); needs the version you read (body `version` or If-Match). */
  @Patch(':id')
  @Can('task', 'update')
  @IfMatchHeader()
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The task changed since you read it (version_conflict)' })
  updateTask(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: UpdateTaskDto, @IfMatch() ifMatch?: number): Promise<TaskDto> {
    return this.tasks.updateTask(actor, id, dto, ifMatch);
  }

  /**
   * Marks an open task done with its result and outcome; creates the next occurrence of a recurring task and the nextTask
   * asked for, all in one step.
   */
  @Post(':id/complete')
  @Can('task', 'update')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskCompletionDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'An outcome the task type does not take (outcome_not_allowed), or an invalid nextTask' })
  @ApiConflictResponse({ type: ProblemDto, description: 'The task changed since you read it (version_conflict), or it is not open (task_not_open)' })
  completeTask(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: CompleteTaskDto): Promise<TaskCompletionDto> {
    return this.tasks.completeTask(actor, id, dto);
  }

  /** Marks an open task cancelled; a recurring task's series ends with it. */
  @Post(':id/cancel')
  @Can('task', 'update')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The task changed since you read it (version_conflict), or it is not open (task_not_open)' })
  cancelTask(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: TaskVersionDto): Promise<TaskDto> {
    return this.tasks.cancelTask(actor, id, dto);
  }

  /** Opens a done or cancelled task again. */
  @Post(':id/reopen')
  @Can('task', 'update')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The task changed since you read it (version_conflict), or it is open (task_already_open)' })
  reopenTask(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: TaskVersionDto): Promise<TaskDto> {
    return this.tasks.reopenTask(actor, id, dto);
  }

  /** Moves the task to the trash; restore brings it back. */
  @Delete(':id')
  @Can('task', 'delete')
  @HttpCode(204)
  @IfMatchHeader()
  @ApiNoContentResponse({ description: 'Deleted' })
  deleteTask(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatch() ifMatch?: number): Promise<void> {
    return this.tasks.deleteTask(actor, id, ifMatch);
  }

  @Post(':id/restore')
  @Can('task', 'delete')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDto })
  restoreTask(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<TaskDto> {
    return this.tasks.restoreTask(actor, id);
  }
}
