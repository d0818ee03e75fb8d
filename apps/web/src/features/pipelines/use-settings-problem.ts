import { ApiProblem } from '@/api/client';
import { useI18n } from 'vue-i18n';
import { useProblemText } from '@/composables/use-problem';

/** Refusals of the deal settings (pipelines, stages, lost reasons, products), told in the user's language. */
const MESSAGES: Record<string, string> = {
  stage_not_empty: 'pipelines.problems.stageNotEmpty',
  stage_kind_locked: 'pipelines.problems.stageKindLocked',
  last_open_stage: 'pipelines.problems.lastOpenStage',
  pipeline_not_empty: 'pipelines.problems.pipelineNotEmpty',
  last_pipeline: 'pipelines.problems.lastPipeline',
  pipeline_name_taken: 'pipelines.problems.nameTaken',
  settings_limit: 'pipelines.problems.limit',
  lost_reason_in_use: 'lostReasons.problems.inUse',
  lost_reason_name_taken: 'lostReasons.problems.nameTaken',
  sku_taken: 'products.problems.skuTaken',
};

export function useSettingsProblem() {
  const { t } = useI18n();
  const { describe } = useProblemText();

  return {
    describe(error: unknown): string {
      if (error instanceof ApiProblem && MESSAGES[error.code]) {
        const body = error.problem as { dealCount?: number; trashedDealCount?: number; max?: number };
        // Only deals in the trash in the way: the stage has no sibling of its kind to take them.
        const key = error.code === 'stage_not_empty' && !body.dealCount ? 'pipelines.problems.stageNotEmptyTrash' : MESSAGES[error.code]!;
        return t(key, { count: body.dealCount ?? 0, trashed: body.trashedDealCount ?? 0, max: body.max ?? 0 });
      }
      return describe(error);
    },
  };
}
