import { useI18n } from 'vue-i18n';
import { type CustomField, useCustomFieldLabels } from '@/stores/custom-fields';

/** Custom field values as people read them, in their language: numbers and dates localized, options by label. */
export function useCustomFieldFormat() {
  const { t, d, locale } = useI18n();
  const { optionLabel } = useCustomFieldLabels();

  function format(field: CustomField, value: unknown): string {
    if (value === undefined || value === null || value === '') return '';
    switch (field.type) {
      case 'number':
        return new Intl.NumberFormat(locale.value).format(Number(value));
      case 'money':
        return new Intl.NumberFormat(locale.value, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(value));
      case 'date': {
        // A calendar date, not an instant: read in local time so that no time zone moves it to another day.
        const [year, month, day] = String(value).split('-').map(Number) as [number, number, number];
        return d(new Date(year, month - 1, day), 'date');
      }
      case 'boolean':
        return t(value ? 'common.yes' : 'common.no');
      case 'select':
        return optionLabel(field, String(value));
      case 'multi-select':
        return (Array.isArray(value) ? value : [value]).map((item) => optionLabel(field, String(item))).join(', ');
      default:
        return String(value);
    }
  }

  return { format };
}
