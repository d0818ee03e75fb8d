import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { api, type Schema, unwrap } from '@/api/client';
import { useSessionStore } from './session';

type User = Schema<'UserDto'>;

/** The colleagues the user may see, for owner pickers and names; loaded once per session. */
export const useDirectoryStore = defineStore('directory', () => {
  const users = ref<User[]>([]);
  let loading: Promise<void> | null = null;

  function load(): Promise<void> {
    const session = useSessionStore();
    if (!session.can('user', 'read')) return Promise.resolve();
    loading ??= (async () => {
      const all: User[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(api.GET('/api/v1/users', { params: { query: { limit: 200, cursor, sort: 'name' } } }));
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      users.value = all;
    })().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  }

  // Another user signing in on this tab sees their own colleagues.
  watch(
    () => useSessionStore().user?.id,
    () => reset(),
  );

  function reset(): void {
    users.value = [];
    loading = null;
  }

  const byId = computed(() => new Map(users.value.map((user) => [user.id, user])));
  const nameOf = (id: string | null | undefined) => (id ? (byId.value.get(id)?.name ?? '') : '');

  return { users, load, nameOf };
});
