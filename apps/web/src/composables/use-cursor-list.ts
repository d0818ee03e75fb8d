import { computed, ref, shallowRef, watch } from 'vue';
import { type LocationQuery, useRoute, useRouter } from 'vue-router';

export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

/** A list parameter kept in the URL: a single value or a repeatable one (`?tag=a&tag=b`). */
export type ListParams = Record<string, string | string[] | undefined>;

function read(query: LocationQuery, keys: Record<string, 'one' | 'many'>): ListParams {
  const params: ListParams = {};
  for (const [key, kind] of Object.entries(keys)) {
    const raw = query[key];
    const values = (Array.isArray(raw) ? raw : [raw]).filter((value): value is string => typeof value === 'string' && value !== '');
    if (values.length) params[key] = kind === 'many' ? values : values[0];
  }
  return params;
}

/**
 * A server list with keyset pages. Its filters and sort live in the URL, so a list can be shared and reloaded;
 * changing them replaces the URL, which reloads the first page. Answers to superseded requests are dropped.
 */
export function useCursorList<Item>(keys: Record<string, 'one' | 'many'>, fetchPage: (params: ListParams & { cursor?: string }) => Promise<Page<Item>>) {
  const route = useRoute();
  const router = useRouter();
  const items = shallowRef<Item[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const error = ref<unknown>(null);
  let generation = 0;

  const params = computed(() => read(route.query, keys));

  async function load(append: boolean): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const page = await fetchPage({ ...params.value, cursor: append ? (nextCursor.value ?? undefined) : undefined });
      if (mine !== generation) return;
      items.value = append ? [...items.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor;
    } catch (failure) {
      if (mine === generation) error.value = failure;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /** Merges `changes` into the URL; empty values drop out of it. */
  function setParams(changes: ListParams): void {
    const query: LocationQuery = { ...route.query };
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete query[key];
      else query[key] = value;
    }
    void router.replace({ query });
  }

  function clearParams(except: string[] = []): void {
    const query: LocationQuery = {};
    for (const key of except) if (route.query[key] !== undefined) query[key] = route.query[key];
    void router.replace({ query });
  }

  watch(() => JSON.stringify(params.value), () => void load(false), { immediate: true });

  return {
    items,
    nextCursor,
    loading,
    error,
    params,
    setParams,
    clearParams,
    reload: () => load(false),
    loadMore: () => load(true),
    /** Replaces one loaded item in place, e.g. after an edit. */
    replace(match: (item: Item) => boolean, next: Item | null): void {
      items.value = next === null ? items.value.filter((item) => !match(item)) : items.value.map((item) => (match(item) ? next : item));
    },
  };
}

/** Calls `apply` with the latest value once it has been still for `ms`, for search boxes. */
export function debounced<T>(apply: (value: T) => void, ms = 300): (value: T) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (value: T) => {
    clearTimeout(timer);
    timer = setTimeout(() => apply(value), ms);
  };
}
