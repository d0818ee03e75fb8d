import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { openStream } from '@/api/client';
import { readEvents } from '@/features/notifications/event-stream';
import { countUnread, type Notification } from '@/features/notifications/notification-api';
import { useSessionStore } from './session';

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 60_000;
/** Ids remembered to drop a notification delivered twice (a replay crossing a live event). */
const REMEMBERED_IDS = 200;

/**
 * The signed-in user's notifications as they happen: the unread count on the bell, and the live stream (Server-Sent
 * Events read through the API client) that raises it. The stream reconnects with growing pauses and Last-Event-ID, so
 * nothing written meanwhile is lost; it stops on sign-out. Screens subscribe with `onArrival` (toasts, counters).
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const unread = ref(0);
  const connected = ref(false);
  const listeners = new Set<(notification: Notification) => void>();
  const seen: string[] = [];
  let controller: AbortController | null = null;
  let lastEventId: string | undefined;
  let countTimer: ReturnType<typeof setTimeout> | undefined;

  async function refreshCount(): Promise<void> {
    try {
      unread.value = await countUnread();
    } catch {
      // The bell keeps its last count; the next event or reconnect corrects it.
    }
  }

  /** Counts again shortly, once a burst of events (a replay) is over: the server's count is the truth. */
  function recountSoon(): void {
    clearTimeout(countTimer);
    countTimer = setTimeout(() => void refreshCount(), 1_000);
  }

  function deliver(notification: Notification): void {
    if (seen.includes(notification.id)) return;
    seen.push(notification.id);
    if (seen.length > REMEMBERED_IDS) seen.shift();
    if (!notification.readAt) unread.value++;
    recountSoon();
    for (const listener of listeners) listener(notification);
  }

  async function follow(signal: AbortSignal): Promise<void> {
    let pause = FIRST_RETRY_MS;
    while (!signal.aborted) {
      try {
        const response = await openStream('/api/v1/notifications/stream', { lastEventId, signal });
        if (response.ok && response.body) {
          connected.value = true;
          pause = FIRST_RETRY_MS;
          // What happened while the stream was down is replayed by the server; the count is read afresh.
          void refreshCount();
          for await (const event of readEvents(response.body)) {
            if (event.event !== 'notification') continue;
            if (event.id) lastEventId = event.id;
            deliver(JSON.parse(event.data) as Notification);
          }
        } else if (response.status === 401) {
          // The session could not be renewed; the session store sends the user to sign in, which stops this.
          return;
        }
      } catch {
        // A network failure or the abort on sign-out; the loop decides which.
      }
      connected.value = false;
      if (signal.aborted) return;
      // A jittered, growing pause, so that many tabs do not come back all at once after a server restart.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pause * (0.75 + Math.random() / 2));
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
      pause = Math.min(pause * 2, MAX_RETRY_MS);
    }
  }

  /** Starts following the stream, once per sign-in; further calls do nothing. */
  function start(): void {
    if (controller || !useSessionStore().signedIn) return;
    controller = new AbortController();
    void refreshCount();
    void follow(controller.signal);
  }

  function stop(): void {
    controller?.abort();
    controller = null;
    clearTimeout(countTimer);
    connected.value = false;
    unread.value = 0;
    lastEventId = undefined;
    seen.length = 0;
  }

  /** Calls `listener` for each new notification; returns the unsubscribe. */
  function onArrival(listener: (notification: Notification) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  // Signing out, or another user signing in on this tab, ends this user's stream.
  watch(
    () => useSessionStore().user?.id,
    () => stop(),
  );

  return { unread, connected, start, stop, refreshCount, onArrival };
});
