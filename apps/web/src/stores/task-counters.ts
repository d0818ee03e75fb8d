import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { api, unwrap } from '@/api/client';
import { useSessionStore } from './session';

const EVERY_MS = 60_000;

/**
 * How many of the user's open tasks are overdue and due today, for the badge on Tasks and the tabs of My tasks. Read
 * every minute (a task becomes overdue by the clock alone), after each task change and on each notification.
 */
export const useTaskCountersStore = defineStore('taskCounters', () => {
  const overdue = ref(0);
  const today = ref(0);
  let timer: ReturnType<typeof setInterval> | undefined;
  let generation = 0;

  async function refresh(): Promise<void> {
    const session = useSessionStore();
    if (!session.can('task', 'read')) return;
    const mine = ++generation;
    try {
      const counters = await unwrap(api.GET('/api/v1/tasks/counters'));
      if (mine !== generation) return;
      overdue.value = counters.overdue;
      today.value = counters.today;
    } catch {
      // The badge keeps its last numbers until the next read.
    }
  }

  /** Starts the minute-by-minute refresh, once per sign-in. */
  function start(): void {
    if (timer) return;
    void refresh();
    timer = setInterval(() => void refresh(), EVERY_MS);
  }

  function stop(): void {
    clearInterval(timer);
    timer = undefined;
    generation++;
    overdue.value = 0;
    today.value = 0;
  }

  watch(
    () => useSessionStore().user?.id,
    () => stop(),
  );

  return { overdue, today, refresh, start, stop };
});
