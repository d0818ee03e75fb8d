import { ApiProblem } from '@crm/api-client';
import type { FormInst } from 'naive-ui';
import { useMessage } from 'naive-ui';
import { ref } from 'vue';
import { useProblemText } from './use-problem';

/**
 * Saving a form: client rules first, then the API. The API's field errors (problem+json `errors`) appear at their
 * fields; a version conflict is kept apart so the form can offer to reload; anything else becomes a message.
 */
export function useRecordForm() {
  const form = ref<FormInst | null>(null);
  const saving = ref(false);
  const serverErrors = ref<Record<string, string>>({});
  const conflict = ref(false);
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
      } else {
        message.error(describe(error));
      }
      return undefined;
    } finally {
      saving.value = false;
    }
  }

  return { form, saving, serverErrors, conflict, field, save };
}

/** '' from an emptied input means "no value" to the API. */
export function blankToNull<T extends Record<string, unknown>>(values: T): T {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value === '' ? null : value])) as T;
}
