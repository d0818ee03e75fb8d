import { DomainException } from '../../core/http/domain-exception.js';
import type { FieldError } from '../../core/http/validation.js';

export type DealErrorCode =
  | 'amount_from_line_items'
  | 'currency_locked_by_line_items'
  | 'amount_not_in_currency'
  | 'stage_not_in_pipeline'
  | 'no_open_stage'
  | 'no_pipeline'
  | 'lost_reason_required'
  | 'lost_reason_inactive'
  | 'product_currency_mismatch'
  | 'line_items_too_large'
  | 'next_task_required';

const DEAL_ERROR_STATUS: Record<DealErrorCode, number> = {
  amount_from_line_items: 409,
  currency_locked_by_line_items: 409,
  amount_not_in_currency: 400,
  stage_not_in_pipeline: 400,
  no_open_stage: 409,
  no_pipeline: 409,
  lost_reason_required: 400,
  lost_reason_inactive: 400,
  product_currency_mismatch: 422,
  line_items_too_large: 400,
  next_task_required: 422,
};

const fieldError = (field: string, message: string, code: string): { errors: FieldError[] } => ({
  errors: [{ field, messages: [message], codes: [code] }],
});

/** Errors of deals beyond those every owned record shares (RecordException). */
export class DealException extends DomainException<DealErrorCode> {
  get status(): number {
    return DEAL_ERROR_STATUS[this.code];
  }

  static amountFromLineItems(): DealException {
    return new DealException(
      'amount_from_line_items',
      'The deal has line items, so its amount is their sum; change the lines, or remove them all to edit the amount.',
      fieldError('amount', 'amount is the sum of the line items', 'amountFromLineItems'),
    );
  }

  static currencyLockedByLineItems(): DealException {
    return new DealException(
      'currency_locked_by_line_items',
      'The deal has line items priced in its currency; remove them before changing the currency.',
      fieldError('currency', 'currency cannot change while the deal has line items', 'currencyLockedByLineItems'),
    );
  }

  static amountNotInCurrency(field: string, currency: string, digits: number): DealException {
    return new DealException(
      'amount_not_in_currency',
      `${currency} amounts have at most ${digits} decimals.`,
      fieldError(field, `${field} must have at most ${digits} decimals in ${currency}`, 'amountNotInCurrency'),
    );
  }

  static stageNotInPipeline(): DealException {
    return new DealException(
      'stage_not_in_pipeline',
      'The stage belongs to another pipeline than the one given.',
      fieldError('stageId', 'stageId must be a stage of pipelineId', 'stageNotInPipeline'),
    );
  }

  static noPipeline(): DealException {
    return new DealException('no_pipeline', 'There is no pipeline to put the deal in; an administrator must create one first.');
  }

  static noOpenStage(): DealException {
    return new DealException(
      'no_open_stage',
      'The pipeline has no open stage to start the deal in; name a stageId.',
      fieldError('stageId', 'the pipeline has no open stage; name a stage', 'noOpenStage'),
    );
  }

  static lostReasonRequired(): DealException {
    return new DealException(
      'lost_reason_required',
      'A deal moved to a lost stage needs the reason it was lost (lostReasonId, from GET /api/v1/lost-reasons).',
      fieldError('lostReasonId', 'lostReasonId is required for a lost stage', 'lostReasonRequired'),
    );
  }

  static lostReasonInactive(): DealException {
    return new DealException(
      'lost_reason_inactive',
      'lostReasonId names no active lost reason.',
      fieldError('lostReasonId', 'lostReasonId must name an active lost reason', 'lostReasonInactive'),
    );
  }

  static productCurrencyMismatch(index: number, productCurrency: string, dealCurrency: string): DealException {
    return new DealException(
      'product_currency_mismatch',
      `The product of line ${index + 1} is priced in ${productCurrency}, the deal in ${dealCurrency}; give the line a price in ${dealCurrency}.`,
      fieldError(`items[${index}].productId`, `the product is priced in ${productCurrency}, not ${dealCurrency}`, 'productCurrencyMismatch'),
    );
  }

  static nextTaskRequired(): DealException {
    return new DealException(
      'next_task_required',
      'Every open deal needs a next step here (deals.requireNextTask): the deal has no open task, so give one as nextTask.',
      fieldError('nextTask', 'nextTask is required: the deal has no open task', 'nextTaskRequired'),
    );
  }

  static lineItemsTooLarge(): DealException {
    return new DealException(
      'line_items_too_large',
      'The line items add up to more than an amount can hold (15 digits before the decimal point).',
      fieldError('items', 'the total of the line items is too large', 'lineItemsTooLarge'),
    );
  }
}
