import { useI18n } from 'vue-i18n';

/** A reminder offset in words: "At the due time", "15 min before", "1 h before", "1 d before". */
export function useReminderLabel() {
  const { t } = useI18n();
  return (minutes: number): string => {
    if (minutes === 0) return t('tasks.reminders.atTime');
    if (minutes % 1440 === 0) return t('tasks.reminders.days', { n: minutes / 1440 });
    if (minutes % 60 === 0) return t('tasks.reminders.hours', { n: minutes / 60 });
    return t('tasks.reminders.minutes', { n: minutes });
  };
}
