import type { StageKind } from '../pipelines/pipeline-stage.entity.js';
import type { StageEvent } from './deal-stage-change.entity.js';

/**
 * What a move from a deal in `from` status to a stage of kind `to` is called in its history: reaching a won or lost
 * stage wins or loses the deal (from anywhere, so a won deal can still be lost); leaving won or lost for an open stage
 * reopens it; anything else is a plain move.
 */
export function stageEvent(from: StageKind, to: StageKind): Exclude<StageEvent, 'created'> {
  if (to === 'won') return 'won';
  if (to === 'lost') return 'lost';
  return from === 'open' ? 'moved' : 'reopened';
}

/** The closing columns a deal has in a stage of `kind`: only a won deal has wonAt, only a lost one the lost fields. */
export interface ClosingColumns {
  wonAt: 'now' | null;
  lostAt: 'now' | null;
  lostReasonId: string | null;
  lostComment: string | null;
}

export function closingColumns(kind: StageKind, lost: { lostReasonId?: string | null; lostComment?: string | null }): ClosingColumns {
  return {
    wonAt: kind === 'won' ? 'now' : null,
    lostAt: kind === 'lost' ? 'now' : null,
    lostReasonId: kind === 'lost' ? (lost.lostReasonId ?? null) : null,
    lostComment: kind === 'lost' ? (lost.lostComment ?? null) : null,
  };
}
