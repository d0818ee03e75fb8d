import { ApiProblem } from '@crm/api-client';
import { useI18n } from 'vue-i18n';

/** Turns any failure of an API call into a sentence for people, in their language. */
export function useProblemText() {
  const { t, te } = useI18n();

  function describe(error: unknown): string {
    if (error instanceof ApiProblem) {
      if (error.code === 'too_many_attempts') {
        return t('auth.throttled', { seconds: (error.problem as { retryAfter?: number }).retryAfter ?? 60 });
      }
      const known: Record<string, string> = {
        invalid_credentials: 'auth.failed',
        version_conflict: 'errors.conflict',
        validation_failed: 'errors.invalid',
        record_not_found: 'errors.notFoundBody',
        permission_denied: 'errors.forbiddenBody',
        unauthenticated: 'auth.sessionExpired',
      };
      if (known[error.code]) return t(known[error.code]!);
      return error.problem.detail ?? t('errors.generic');
    }
    if (error instanceof TypeError) return t('errors.network');
    return t('errors.generic');
  }

  /** The message for one field error: our translation of its rule when we have one, else the server's words. */
  function fieldMessage(codes: string[] | undefined, messages: string[]): string {
    const code = codes?.find((candidate) => te(`validation.${candidate}`));
    return code ? t(`validation.${code}`) : (messages[0] ?? t('errors.invalid'));
  }

  return { describe, fieldMessage };
}
