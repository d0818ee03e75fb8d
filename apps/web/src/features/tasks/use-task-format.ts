import { useI18n } from 'vue-i18n';
import { useSessionStore } from '@/stores/session';
import type { Task, TaskPriority, TaskType } from './task-api';

// Material Design icons (Apache 2.0): a handset, a group of people, an envelope, a checked box.
export const TYPE_ICONS: Record<TaskType, string> = {
  call: 'M6.62 10.79a15.05 15.05 0 0 0 6.59 6.59l2.2-2.2a1 1 0 0 1 1.02-.24c1.12.37 2.33.57 3.57.57a1 1 0 0 1 1 1V20a1 1 0 0 1-1 1C10.61 21 3 13.39 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1.02l-2.2 2.2z',
  meeting:
    'M16 11c1.66 0 2.99-1.34 2.99-3S17.66 5 16 5c-1.66 0-3 1.34-3 3s1.34 3 3 3zm-8 0c1.66 0 2.99-1.34 2.99-3S9.66 5 8 5C6.34 5 5 6.34 5 8s1.34 3 3 3zm0 2c-2.33 0-7 1.17-7 3.5V19h14v-2.5c0-2.33-4.67-3.5-7-3.5zm8 0c-.29 0-.62.02-.97.05 1.16.84 1.97 1.97 1.97 3.45V19h6v-2.5c0-2.33-4.67-3.5-7-3.5z',
  email: 'M20 4H4c-1.1 0-2 .9-2 2v12c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V6c0-1.1-.9-2-2-2zm0 4-8 5-8-5V6l8 5 8-5v2z',
  todo: 'M19 3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2zm-9 14-5-5 1.41-1.41L10 14.17l7.59-7.59L19 8l-9 9z',
};

export const PRIORITY_TAG: Record<TaskPriority, 'error' | 'default' | 'info'> = { high: 'error', normal: 'default', low: 'info' };

/**
 * Due times as people read them: in the task's own time zone, and in the user's as well when that is another one
 * (a call set for 09:00 in Madrid, read in Riga). All-day tasks show their day only.
 */
export function useTaskFormat() {
  const { t, locale } = useI18n();
  const session = useSessionStore();
  const userZone = () => session.user?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

  function format(instant: string, zone: string, allDay: boolean, withDate = true): string {
    const options: Intl.DateTimeFormatOptions = allDay
      ? { year: 'numeric', month: 'short', day: 'numeric', timeZone: zone }
      : withDate
        ? { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: zone }
        : { hour: '2-digit', minute: '2-digit', timeZone: zone };
    return new Intl.DateTimeFormat(locale.value, options).format(new Date(instant));
  }

  /** The due time in the task's zone; with the zone's name when it is not the user's. */
  function due(task: Pick<Task, 'dueAt' | 'timeZone' | 'allDay'>): string {
    if (!task.dueAt) return t('tasks.noDue');
    const text = format(task.dueAt, task.timeZone, task.allDay);
    return task.allDay || task.timeZone === userZone() ? text : `${text} (${task.timeZone})`;
  }

  /** The same moment in the user's zone, when the task's zone is another; empty otherwise. */
  function dueForUser(task: Pick<Task, 'dueAt' | 'timeZone' | 'allDay'>): string {
    if (!task.dueAt || task.allDay || task.timeZone === userZone()) return '';
    return t('tasks.yourTime', { time: format(task.dueAt, userZone(), false) });
  }

  /** A time of day in the browser's zone, for calendar grids. */
  const time = (instant: string) => new Intl.DateTimeFormat(locale.value, { hour: '2-digit', minute: '2-digit' }).format(new Date(instant));

  return { due, dueForUser, time, userZone };
}
