import { ApiProblem } from '@crm/api-client';
import { useI18n } from 'vue-i18n';
import { useProblemText } from '@/composables/use-problem';

/** Why a stage move was refused, in words: the screen has already put the deal back where it was. */
export function useMoveProblem() {
  const { t } = useI18n();
  const { describe } = useProblemText();
  return (error: unknown): string => {
    if (error instanceof ApiProblem) {
      if (error.status === 409) return t('deals.move.conflict');
      if (error.status === 404) return t('deals.move.notFound');
      if (error.status === 403) return t('deals.move.forbidden');
      if (error.code === 'next_task_required') return t('tasks.nextTask.required');
    }
    return describe(error);
  };
}
