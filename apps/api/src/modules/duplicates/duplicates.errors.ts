import { DomainException } from '../../core/http/domain-exception.js';
import type { DuplicateEntity } from './duplicate-kinds.js';
import type { DuplicateCandidate } from './duplicates.service.js';

export type DuplicatesErrorCode = 'duplicate_suspected';

const DUPLICATES_ERROR_STATUS: Record<DuplicatesErrorCode, number> = {
  duplicate_suspected: 409,
};

export class DuplicatesException extends DomainException<DuplicatesErrorCode> {
  get status(): number {
    return DUPLICATES_ERROR_STATUS[this.code];
  }

  /** Lists the candidates the actor may read; of the others, only how many there are. */
  static suspected(entity: DuplicateEntity, candidates: DuplicateCandidate[]): DuplicatesException {
    const readable = candidates.filter((candidate) => candidate.readable);
    return new DuplicatesException(
      'duplicate_suspected',
      `A ${entity} with the same email, phone or tax id exists already; send force=true to save anyway.`,
      {
        candidates: readable.map(({ id, title, matched }) => ({ kind: entity, id, title, matched })),
        hiddenCount: candidates.length - readable.length,
      },
    );
  }
}
