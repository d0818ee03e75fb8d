import { onMounted, type Ref, ref, shallowRef, watch } from 'vue';
import { useRouter } from 'vue-router';
import { useDirectoryStore } from '@/stores/directory';
import { useDeleteWithUndo } from './use-delete-with-undo';

/**
 * A record's card: loads it (and whatever `load` adds) with loading and error states, reloads when the id changes,
 * and deletes it with confirmation and undo, going back to the list meanwhile.
 */
export function useRecordPage<Item extends { id: string }>(options: {
  id: () => string;
  load: (id: string) => Promise<Item>;
  name: (item: Item) => string;
  remove: (id: string) => Promise<void>;
  restore: (id: string) => Promise<unknown>;
  routes: { list: string; card: string };
  messages: { deleted: string; restored: string };
}) {
  const router = useRouter();
  const directory = useDirectoryStore();
  const confirmDelete = useDeleteWithUndo(options.messages);
  const record = shallowRef<Item | null>(null) as Ref<Item | null>;
  const loading = ref(true);
  const error = ref<unknown>(null);

  async function reload(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      record.value = await options.load(options.id());
    } catch (failure) {
      error.value = failure;
    } finally {
      loading.value = false;
    }
  }

  function remove(): void {
    const current = record.value;
    if (!current) return;
    confirmDelete({
      name: options.name(current),
      remove: () => options.remove(current.id),
      restore: async () => {
        await options.restore(current.id);
        await router.push({ name: options.routes.card, params: { id: current.id } });
      },
      onDone: () => void router.push({ name: options.routes.list }),
    });
  }

  onMounted(() => {
    void reload();
    // Owner and author names come from the directory.
    void directory.load().catch(() => undefined);
  });
  watch(options.id, reload);

  return { record, loading, error, reload, remove, directory };
}
