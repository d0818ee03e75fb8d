import { DomainException } from '../../core/http/domain-exception.js';

export type PipelineErrorCode =
  | 'pipeline_name_taken'
  | 'pipeline_not_empty'
  | 'last_pipeline'
  | 'stage_not_empty'
  | 'stage_kind_locked'
  | 'last_open_stage'
  | 'lost_reason_name_taken'
  | 'lost_reason_in_use'
  | 'settings_limit';

const PIPELINE_ERROR_STATUS: Record<PipelineErrorCode, number> = {
  pipeline_name_taken: 409,
  pipeline_not_empty: 409,
  last_pipeline: 409,
  stage_not_empty: 409,
  stage_kind_locked: 409,
  last_open_stage: 409,
  lost_reason_name_taken: 409,
  lost_reason_in_use: 409,
  settings_limit: 409,
};

function deals(count: number): string {
  return count === 1 ? '1 deal' : `${count} deals`;
}

function trash(count: number): string {
  return count ? ` (and ${count} in the trash)` : '';
}

export class PipelineException extends DomainException<PipelineErrorCode> {
  get status(): number {
    return PIPELINE_ERROR_STATUS[this.code];
  }

  static nameTaken(name: string): PipelineException {
    return new PipelineException('pipeline_name_taken', `A pipeline named "${name}" already exists.`, {
      errors: [{ field: 'name', messages: ['name is already taken'], codes: ['pipelineNameTaken'] }],
    });
  }

  /** Deals in the trash count too: restoring one needs its pipeline. */
  static notEmpty(pipelineId: string, dealCount: number, trashedDealCount: number): PipelineException {
    return new PipelineException(
      'pipeline_not_empty',
      `The pipeline holds ${deals(dealCount)}${trash(trashedDealCount)}; move or delete them first.`,
      { dealCount, trashedDealCount, pipelineId, dealsUrl: `/api/v1/deals?pipelineId=${pipelineId}` },
    );
  }

  static lastPipeline(): PipelineException {
    return new PipelineException('last_pipeline', 'The last pipeline cannot be deleted; deals need one.');
  }

  static stageNotEmpty(pipelineId: string, stageId: string, dealCount: number, trashedDealCount = 0): PipelineException {
    return new PipelineException(
      'stage_not_empty',
      dealCount
        ? `The stage holds ${deals(dealCount)}; move them to another stage first.`
        : `The stage holds ${deals(trashedDealCount)} in the trash and the pipeline has no other stage of its kind to take them.`,
      { dealCount, trashedDealCount, stageId, pipelineId, dealsUrl: `/api/v1/deals?stageId=${stageId}` },
    );
  }

  static kindLocked(pipelineId: string, stageId: string, dealCount: number, trashedDealCount: number): PipelineException {
    return new PipelineException(
      'stage_kind_locked',
      `The stage holds ${deals(dealCount)}${trash(trashedDealCount)}, whose status follows its kind; move them before changing it.`,
      { dealCount, trashedDealCount, stageId, pipelineId, dealsUrl: `/api/v1/deals?stageId=${stageId}` },
    );
  }

  static lastOpenStage(): PipelineException {
    return new PipelineException('last_open_stage', 'A pipeline needs at least one open stage for deals in progress.');
  }

  static lostReasonNameTaken(name: string): PipelineException {
    return new PipelineException('lost_reason_name_taken', `A lost reason named "${name}" already exists.`, {
      errors: [{ field: 'name', messages: ['name is already taken'], codes: ['lostReasonNameTaken'] }],
    });
  }

  static lostReasonInUse(lostReasonId: string, dealCount: number): PipelineException {
    return new PipelineException(
      'lost_reason_in_use',
      `${deals(dealCount)} name this reason; deactivate it instead so that they keep it.`,
      { dealCount, lostReasonId },
    );
  }

  static limit(what: string, max: number): PipelineException {
    return new PipelineException('settings_limit', `There can be at most ${max} ${what}; delete one first.`, { max });
  }
}
