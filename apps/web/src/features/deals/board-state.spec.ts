import { describe, expect, it } from '@jest/globals';
import { type BoardColumn, boardOrder, moveCard } from './board-state';
import type { DealCard } from './deal-api';
import { addDecimal, changeSums } from './deal-money';

describe('deal money arithmetic', () => {
  it('adds and subtracts decimal strings exactly', () => {
    expect(addDecimal('0.10', '0.20')).toBe('0.30');
    expect(addDecimal('999999999999999.99', '0.01')).toBe('1000000000000000.00');
    expect(addDecimal('100.00', '0.005')).toBe('100.005');
    expect(addDecimal('1000', '250.50', -1)).toBe('749.50');
    expect(addDecimal('0.00', '1.50', -1)).toBe('-1.50');
    expect(addDecimal('5', '5', -1)).toBe('0');
  });

  it('keeps sums per currency, sorted, and drops a currency left at zero without deals', () => {
    const sums = [{ currency: 'EUR', amount: '100.00' }];
    expect(changeSums(sums, 'USD', '5.10', 1, () => true)).toEqual([
      { currency: 'EUR', amount: '100.00' },
      { currency: 'USD', amount: '5.10' },
    ]);
    expect(changeSums(sums, 'EUR', '100.00', -1, () => false)).toEqual([]);
    expect(changeSums(sums, 'EUR', '100.00', -1, () => true)).toEqual([{ currency: 'EUR', amount: '0.00' }]);
  });
});

describe('board moves', () => {
  const card = (id: string, amount: string, currency = 'EUR'): DealCard => ({
    id,
    title: id,
    amount,
    currency,
    status: 'open',
    stageId: 'a',
    stageEnteredAt: '2026-01-01T00:00:00.000Z',
    expectedCloseDate: null,
    version: 1,
    ownerId: null,
    ownerName: null,
    company: null,
    contact: null,
    tags: [],
    nextTaskDueAt: null,
    overdue: false,
    withoutTask: false,
  });
  const column = (id: string, kind: 'open' | 'won' | 'lost', items: DealCard[], sums: BoardColumn['sums']): BoardColumn => ({
    stage: { id, name: id, color: '#000000', probability: 10, kind, position: 0 },
    count: items.length,
    sums,
    items,
    nextCursor: null,
  });

  it('moves a card with its count and sum, and back again', () => {
    const columns = [
      column('a', 'open', [card('x', '1000.10'), card('y', '0.20')], [{ currency: 'EUR', amount: '1000.30' }]),
      column('b', 'won', [], []),
    ];
    const moved = moveCard(columns, 'x', 'b')!;
    expect(moved.map((c) => [c.count, c.sums, c.items.map((i) => i.id)])).toEqual([
      [1, [{ currency: 'EUR', amount: '0.20' }], ['y']],
      [1, [{ currency: 'EUR', amount: '1000.10' }], ['x']],
    ]);
    expect(moved[1]!.items[0]!.status).toBe('won');
    const back = moveCard(moved, 'x', 'a', 0, columns[0]!.items[0])!;
    expect(back.map((c) => [c.count, c.sums])).toEqual([
      [2, [{ currency: 'EUR', amount: '1000.30' }]],
      [0, []],
    ]);
  });

  it('puts open stages first, then won, then lost', () => {
    const stages = [
      { kind: 'lost' as const, position: 1 },
      { kind: 'open' as const, position: 3 },
      { kind: 'won' as const, position: 0 },
      { kind: 'open' as const, position: 2 },
    ];
    expect(boardOrder(stages)).toEqual([stages[3], stages[1], stages[2], stages[0]]);
  });
});
