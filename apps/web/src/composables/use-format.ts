import { useI18n } from 'vue-i18n';

/** Dates, numbers and money in the user's locale. */
export function useFormat() {
  const { d, n } = useI18n();
  return {
    date: (value: string | Date | null | undefined) => (value ? d(new Date(value), 'date') : '—'),
    dateTime: (value: string | Date | null | undefined) => (value ? d(new Date(value), 'dateTime') : '—'),
    integer: (value: number) => n(value, 'integer'),
    money: (value: number, currency = 'EUR') => n(value, { key: 'money', currency }),
  };
}
