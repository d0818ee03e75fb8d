import { computed } from 'vue';
import { type LocationQuery, useRoute, useRouter } from 'vue-router';
import type { ListParams } from '@/composables/use-cursor-list';

/**
 * Filters of a view that is no cursor list (the board, the forecast), kept in the URL like a list's: a view can be
 * shared and reloaded, and changing a filter replaces the URL.
 */
export function useQueryState(keys: Record<string, 'one' | 'many'>) {
  const route = useRoute();
  const router = useRouter();

  const params = computed<ListParams>(() => {
    const read: ListParams = {};
    for (const [key, kind] of Object.entries(keys)) {
      const raw = route.query[key];
      const values = (Array.isArray(raw) ? raw : [raw]).filter((value): value is string => typeof value === 'string' && value !== '');
      if (values.length) read[key] = kind === 'many' ? values : values[0];
    }
    return read;
  });

  /** Merges `changes` into the URL; empty values drop out of it. */
  function setParams(changes: ListParams): void {
    const query: LocationQuery = { ...route.query };
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete query[key];
      else query[key] = value;
    }
    void router.replace({ query });
  }

  const list = (key: string) => [params.value[key] ?? []].flat();
  const one = (key: string) => [params.value[key] ?? []].flat()[0];

  return { params, setParams, list, one };
}
