import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { api, type Schema, unwrap } from '@/api/client';
import { useSessionStore } from './session';

export type CustomField = Schema<'CustomFieldDto'>;
export type CustomFieldEntity = CustomField['entity'];
export type CustomFieldType = CustomField['type'];
export type CustomValues = Record<string, unknown>;

/**
 * The custom field definitions of contacts, companies and deals: admin settings every form, card and list reads. Loaded once
 * per entity and session; the settings page reloads them after each change.
 */
export const useCustomFieldsStore = defineStore('customFields', () => {
  const fields = ref<Record<CustomFieldEntity, CustomField[]>>({ contact: [], company: [], deal: [] });
  const loading: Partial<Record<CustomFieldEntity, Promise<void>>> = {};

  function load(entity: CustomFieldEntity, force = false): Promise<void> {
    if (force) delete loading[entity];
    loading[entity] ??= unwrap(api.GET('/api/v1/custom-fields', { params: { query: { entity } } }))
      .then((list) => {
        fields.value = { ...fields.value, [entity]: list.items };
      })
      .catch((error: unknown) => {
        delete loading[entity];
        throw error;
      });
    return loading[entity]!;
  }

  const active = computed(() => ({
    contact: fields.value.contact.filter((field) => field.active),
    company: fields.value.company.filter((field) => field.active),
    deal: fields.value.deal.filter((field) => field.active),
  }));

  // Another user signing in on this tab may see other fields.
  watch(
    () => useSessionStore().user?.id,
    () => {
      fields.value = { contact: [], company: [], deal: [] };
      for (const entity of ['contact', 'company', 'deal'] as const) delete loading[entity];
    },
  );

  return { fields, active, load };
});

/** A field's or option's name in the interface language, English where a translation is missing. */
export function useCustomFieldLabels() {
  const { locale } = useI18n();
  const pick = (labels: Schema<'LabelsDto'>) => labels[locale.value as keyof Schema<'LabelsDto'>] || labels.en;
  return {
    fieldLabel: (field: CustomField) => pick(field.labels),
    optionLabel: (field: CustomField, value: string) => {
      const option = field.options.find((candidate) => candidate.value === value);
      return option ? pick(option.labels) : value;
    },
  };
}

function blankToNull(value: unknown): unknown {
  const text = typeof value === 'string' ? value.trim() : value;
  return text === undefined || text === '' || (Array.isArray(text) && text.length === 0) ? null : text;
}

/**
 * The values of the active fields as the API takes them: trimmed, null for an emptied one, and only those that differ
 * from `stored` (the record's values when editing), since the API merges an update over what the record holds.
 */
export function customValuesBody(fields: CustomField[], values: CustomValues, stored: CustomValues = {}): CustomValues {
  return Object.fromEntries(
    fields
      // A switch shows "no" until it is touched: for a required yes/no field that is the answer given.
      .map((field) => [field.key, field.type === 'boolean' && field.required ? (values[field.key] ?? false) : blankToNull(values[field.key])] as const)
      .filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(stored[key] ?? null)),
  );
}
