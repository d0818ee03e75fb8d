import { describe, expect, it } from '@jest/globals';
import { closingColumns, stageEvent } from './deal-stage-transition.js';

describe('stage events', () => {
  it.each([
    ['open', 'open', 'moved'],
    ['open', 'won', 'won'],
    ['open', 'lost', 'lost'],
    ['won', 'open', 'reopened'],
    ['lost', 'open', 'reopened'],
    ['won', 'lost', 'lost'],
    ['lost', 'won', 'won'],
  ] as const)('%s → %s is %s', (from, to, event) => {
    expect(stageEvent(from, to)).toBe(event);
  });
});

describe('closing columns', () => {
  const lost = { lostReasonId: 'reason', lostComment: 'too dear' };

  it('stamps a won deal and clears everything of a loss', () => {
    expect(closingColumns('won', lost)).toEqual({ wonAt: 'now', lostAt: null, lostReasonId: null, lostComment: null });
  });

  it('keeps the reason and comment of a lost deal', () => {
    expect(closingColumns('lost', lost)).toEqual({ wonAt: null, lostAt: 'now', lostReasonId: 'reason', lostComment: 'too dear' });
    expect(closingColumns('lost', { lostReasonId: 'reason' })).toEqual({ wonAt: null, lostAt: 'now', lostReasonId: 'reason', lostComment: null });
  });

  it('clears both for an open stage', () => {
    expect(closingColumns('open', lost)).toEqual({ wonAt: null, lostAt: null, lostReasonId: null, lostComment: null });
  });
});
