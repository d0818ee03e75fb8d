import { DomainException } from '../../core/http/domain-exception.js';
import type { FieldError } from '../../core/http/validation.js';

export type TaskErrorCode =
  | 'due_required'
  | 'record_incomplete'
  | 'until_before_due'
  | 'outcome_not_allowed'
  | 'task_not_open'
  | 'task_already_open'
  | 'calendar_range_invalid';

const TASK_ERROR_STATUS: Record<TaskErrorCode, number> = {
  due_required: 400,
  record_incomplete: 400,
  until_before_due: 400,
  outcome_not_allowed: 400,
  task_not_open: 409,
  task_already_open: 409,
  calendar_range_invalid: 400,
};

const fieldError = (field: string, message: string, code: string): { errors: FieldError[] } => ({
  errors: [{ field, messages: [message], codes: [code] }],
});

/** Errors of tasks beyond those every owned record shares (RecordException). */
export class TaskException extends DomainException<TaskErrorCode> {
  get status(): number {
    return TASK_ERROR_STATUS[this.code];
  }

  /** Reminders and recurrence count from the due time, so a task without one can have neither. */
  static dueRequired(field: 'reminderOffsets' | 'recurrence', prefix = ''): TaskException {
    return new TaskException(
      'due_required',
      `${field} needs a due time (dueAt).`,
      fieldError(`${prefix}${field}`, `${field} needs dueAt`, 'dueRequired'),
    );
  }

  static recordIncomplete(prefix = ''): TaskException {
    return new TaskException(
      'record_incomplete',
      'A task is linked to a record by entity and entityId together; give both, or neither (null both to unlink).',
      fieldError(`${prefix}entityId`, 'entity and entityId go together', 'recordIncomplete'),
    );
  }

  static untilBeforeDue(prefix = ''): TaskException {
    return new TaskException(
      'until_before_due',
      'recurrence.until is before the day the task is due.',
      fieldError(`${prefix}recurrence.until`, 'until must not be before the due date', 'untilBeforeDue'),
    );
  }

  static outcomeNotAllowed(type: string, allowed: readonly string[]): TaskException {
    const message = allowed.length ? `outcome of a ${type} must be one of ${allowed.join(', ')}` : `a ${type} task takes no outcome`;
    return new TaskException('outcome_not_allowed', `${message[0]!.toUpperCase()}${message.slice(1)}.`, fieldError('outcome', message, 'outcomeNotAllowed'));
  }

  static notOpen(status: string): TaskException {
    return new TaskException('task_not_open', `The task is ${status}; reopen it first.`, { currentStatus: status });
  }

  static alreadyOpen(): TaskException {
    return new TaskException('task_already_open', 'The task is open already.');
  }

  static calendarRange(message: string): TaskException {
    return new TaskException('calendar_range_invalid', `${message[0]!.toUpperCase()}${message.slice(1)}.`, fieldError('to', message, 'calendarRange'));
  }
}
