import type { DataTableColumns } from 'naive-ui';
import { computed, onMounted, ref, watch } from 'vue';
import { type CustomFieldEntity, type CustomValues, useCustomFieldLabels, useCustomFieldsStore } from '@/stores/custom-fields';
import { useCustomFieldFormat } from './use-custom-field-format';

/**
 * Optional list columns for the active custom fields of an entity: which ones show is the user's choice, kept on this
 * device. Columns of sortable types sort on the server by `cf.<key>`.
 */
export function useCustomFieldColumns<Row extends { custom: CustomValues }>(entity: CustomFieldEntity) {
  const store = useCustomFieldsStore();
  const { fieldLabel } = useCustomFieldLabels();
  const { format } = useCustomFieldFormat();
  const storageKey = `crm.columns.${entity}`;
  const shown = ref<string[]>(JSON.parse(localStorage.getItem(storageKey) ?? '[]') as string[]);
  watch(shown, (keys) => localStorage.setItem(storageKey, JSON.stringify(keys)));
  onMounted(() => void store.load(entity).catch(() => undefined));

  const choices = computed(() => store.active[entity].map((field) => ({ value: field.key, label: fieldLabel(field) })));
  const columns = computed<DataTableColumns<Row>>(() =>
    store.active[entity]
      .filter((field) => shown.value.includes(field.key))
      .map((field) => ({
        key: `cf.${field.key}`,
        title: fieldLabel(field),
        sorter: field.type !== 'multi-select',
        ellipsis: { tooltip: true },
        render: (row: Row) => format(field, row.custom[field.key]),
      })),
  );

  return { columns, choices, shown };
}
