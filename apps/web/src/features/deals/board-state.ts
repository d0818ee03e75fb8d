import type { BoardStage, DealBoard, DealCard, DealStatus } from './deal-api';
import { changeSums, type CurrencySum } from './deal-money';

/**
 * The board as the screen holds it: per stage its count, sums and loaded cards. A move changes it at once (the API
 * confirms or refuses later), and its undo is the same move the other way; both are pure, so each returns new columns.
 */
export interface BoardColumn {
  stage: Omit<BoardStage, 'count' | 'sums' | 'items' | 'nextCursor'>;
  count: number;
  sums: CurrencySum[];
  items: DealCard[];
  nextCursor: string | null;
}

export function columnsOf(board: DealBoard): BoardColumn[] {
  return boardOrder(board.stages).map(({ count, sums, items, nextCursor, ...stage }) => ({ stage, count, sums, items, nextCursor }));
}

export function columnOfCard(columns: BoardColumn[], cardId: string): BoardColumn | undefined {
  return columns.find((column) => column.items.some((item) => item.id === cardId));
}

/** A currency stays in a column's sums at zero while a deal of it may still be there (loaded or not). */
const keepsCurrency = (column: BoardColumn, items: DealCard[], count: number) => (currency: string) =>
  items.some((item) => item.currency === currency) || count > items.length;

function without(column: BoardColumn, card: DealCard): BoardColumn {
  const items = column.items.filter((item) => item.id !== card.id);
  const count = Math.max(0, column.count - 1);
  return { ...column, items, count, sums: changeSums(column.sums, card.currency, card.amount, -1, keepsCurrency(column, items, count)) };
}

function withCard(column: BoardColumn, card: DealCard, index: number): BoardColumn {
  const items = [...column.items];
  items.splice(Math.min(index, items.length), 0, card);
  const count = column.count + 1;
  return { ...column, items, count, sums: changeSums(column.sums, card.currency, card.amount, 1, () => true) };
}

/**
 * The columns with the card moved into the stage `toStageId` at `index` (0, the top, is where the API puts a fresh
 * arrival), counts and sums following; `card` replaces the moved card's data when given. Null when the card or stage is
 * not on the board (e.g. it was reloaded meanwhile).
 */
export function moveCard(columns: BoardColumn[], cardId: string, toStageId: string, index = 0, card?: DealCard): BoardColumn[] | null {
  const from = columnOfCard(columns, cardId);
  const to = columns.find((column) => column.stage.id === toStageId);
  if (!from || !to) return null;
  const current = from.items.find((item) => item.id === cardId)!;
  const moved: DealCard = card ?? { ...current, stageId: to.stage.id, status: to.stage.kind, stageEnteredAt: new Date().toISOString() };
  if (from === to) return columns.map((column) => (column === from ? { ...column, items: column.items.map((item) => (item.id === cardId ? moved : item)) } : column));
  return columns.map((column) => (column === from ? without(column, current) : column === to ? withCard(column, moved, index) : column));
}

/** The columns with one card's data replaced where it is, e.g. by the API's answer to a move. */
export function updateCard(columns: BoardColumn[], cardId: string, change: Partial<DealCard>): BoardColumn[] {
  return columns.map((column) =>
    column.items.some((item) => item.id === cardId) ? { ...column, items: column.items.map((item) => (item.id === cardId ? { ...item, ...change } : item)) } : column,
  );
}

/** The column with a further page of cards; a card already shown (it moved in meanwhile) is not shown twice. */
export function appendPage(columns: BoardColumn[], stageId: string, page: { items: DealCard[]; nextCursor: string | null }): BoardColumn[] {
  return columns.map((column) => {
    if (column.stage.id !== stageId) return column;
    const shown = new Set(column.items.map((item) => item.id));
    return { ...column, items: [...column.items, ...page.items.filter((item) => !shown.has(item.id))], nextCursor: page.nextCursor };
  });
}

/** Stages as the board shows them: open ones in pipeline order, then won, then lost. */
export function boardOrder<S extends { kind: DealStatus; position: number }>(stages: S[]): S[] {
  const rank: Record<DealStatus, number> = { open: 0, won: 1, lost: 2 };
  return [...stages].sort((a, b) => rank[a.kind] - rank[b.kind] || a.position - b.position);
}
