import { ApiProblem } from '@crm/api-client';
import type { FormInst } from 'naive-ui';
import { useMessage } from 'naive-ui';
import { ref } from 'vue';
import type { Schema } from '@/api/client';
import { useProblemText } from './use-problem';

/** A 409 duplicate_suspected: the existing records the user may open, and how many more exist out of reach. */
export type DuplicateSuspicion = Required<Pick<Schema<'DuplicateProblemDto'>, 'candidates' | 'hiddenCount'>>;

/**
 * Saving a form: client rules first, then the API. The API's field errors (problem+json `errors`) appear at their
 * fields; a version conflict is kept apart so the form can offer to reload, and suspected duplicates so that it can
 * show them and offer to save anyway; anything else becomes a message.
 */
export function useRecordForm() {
  const form = ref<FormInst | null>(null);
  const saving = ref(false);
  const serverErrors = ref<Record<string, string>>({});
  const conflict = ref(false);
  const duplicates = ref<DuplicateSuspicion | null>(null);
  const message = useMessage();
  const { describe, fieldMessage } = useProblemText();

  /** Props for an NFormItem: its model path plus the server's error for it, if any. */
  function field(path: string) {
    const feedback = serverErrors.value[path];
    return feedback ? { path, feedback, validationStatus: 'error' as const } : { path };
  }

  async function save<T>(submit: () => Promise<T>): Promise<T | undefined> {
    serverErrors.value = {};
    conflict.value = false;
    duplicates.value = null;
    try {
      await form.value?.validate();
    } catch {
      return undefined;
    }
    saving.value = true;
    try {
      return await submit();
    } catch (error) {
      if (error instanceof ApiProblem && error.problem.errors?.length) {
        serverErrors.value = Object.fromEntries(error.problem.errors.map((item) => [item.field, fieldMessage(item.codes, item.messages)]));
      } else if (error instanceof ApiProblem && error.code === 'version_conflict') {
        conflict.value = true;
      } else if (error instanceof ApiProblem && error.code === 'duplicate_suspected') {
        const { candidates = [], hiddenCount = 0 } = error.problem as Schema<'DuplicateProblemDto'>;
        duplicates.value = { candidates, hiddenCount };
      } else {
        message.error(describe(error));
      }
      return undefined;
    } finally {
      saving.value = false;
    }
  }

  return { form, saving, serverErrors, conflict, duplicates, field, save };
}

/** '' from an emptied input means "no value" to the API. */
export function blankToNull<T extends Record<string, unknown>>(values: T): T {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value === '' ? null : value])) as T;
}
