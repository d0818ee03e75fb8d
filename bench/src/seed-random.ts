/**
 * The seed's deterministic randomness and COPY text helpers, shared by `seed.ts` (contacts, companies, users) and
 * `seed-deals.ts`. One generator for the whole seed: the same `--seed` gives the same rows, ids included.
 */
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

let state = 1;

/** Starts the sequence over; called once, with `--seed`. */
export function reseed(seed: number): void {
  state = seed >>> 0 || 1;
}

/** mulberry32 */
export function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
export const int = (n: number) => Math.floor(random() * n);
export const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
export const chance = (p: number) => random() < p;
export const digit = () => String.fromCharCode(48 + int(10));

/** A standard normal draw (Box–Muller). */
export function normal(): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function uuid(): string {
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  const a = hex(random() * 4294967296);
  const b = hex(random() * 4294967296);
  const c = hex(random() * 4294967296);
  const d = hex(random() * 4294967296);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${'89ab'[int(4)]}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
}

export function weighted<T>(entries: readonly (readonly [T, number])[]): () => T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  return () => {
    let roll = random() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries.at(-1)![0];
  };
}

// ---------------------------------------------------------------------------------------------------------------
// COPY text format

export const NULL = '\\N';
const SPECIAL = /[\\\t\n\r]/;
export function text(value: string | null | undefined): string {
  if (value === null || value === undefined) return NULL;
  return SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (char) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[char]!) : value;
}
export const json = (value: unknown) => (value === null ? NULL : text(JSON.stringify(value)));
export const textArray = (items: readonly string[]) => text(`{${items.map((item) => `"${item.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
export const timestamp = (ms: number | null) => (ms === null ? NULL : new Date(ms).toISOString());

/**
 * One table's `COPY … FROM STDIN WITH (FREEZE)` in its own transaction, which truncates the table first: COPY FREEZE
 * then writes rows already frozen and visible (and marks the pages all-visible), so no vacuum is needed afterwards.
 * Rows are buffered and written in ~256 KB pieces; `write` answers false when PostgreSQL lags behind.
 */
export class CopyStream {
  private buffer = '';
  rows = 0;
  private stream!: ReturnType<typeof copyFrom>;
  private done!: Promise<void>;
  private failure: unknown = null;

  private constructor(
    private readonly client: pg.PoolClient,
    readonly table: string,
  ) {}

  static async open(client: pg.PoolClient, table: string, columns: string[]): Promise<CopyStream> {
    const copy = new CopyStream(client, table);
    await client.query('BEGIN');
    await client.query(`TRUNCATE ${table} CASCADE`);
    copy.stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FREEZE)`));
    copy.done = new Promise<void>((resolveDone, reject) => {
      copy.stream.on('finish', resolveDone);
      copy.stream.on('error', reject);
    });
    // Surfaces an early failure (a CHECK, a bad value) instead of waiting on a drain that never comes.
    copy.done.catch((error: unknown) => (copy.failure = error));
    return copy;
  }

  /** Adds one row, newline included. */
  push(row: string): void {
    this.buffer += row;
    this.rows++;
  }

  /** Sends the buffer when it is large; the promise, if any, resolves when the stream can take more. */
  flush(force = false): Promise<void> | null {
    if (this.failure) throw this.failure;
    if (this.buffer.length < 256 * 1024 && !force) return null;
    const flushed = this.stream.write(this.buffer);
    this.buffer = '';
    if (flushed) return null;
    return new Promise<void>((resolveDrain, reject) => {
      this.stream.once('drain', resolveDrain);
      this.done.catch(reject);
    });
  }

  async end(): Promise<void> {
    this.stream.end(this.buffer);
    this.buffer = '';
    await this.done;
    await this.client.query('COMMIT');
  }
}

/** Streams `count` rows into one table, waiting whenever PostgreSQL lags behind. */
export async function copyRows(
  client: pg.PoolClient,
  table: string,
  columns: string[],
  count: number,
  row: (index: number) => string,
): Promise<void> {
  const copy = await CopyStream.open(client, table, columns);
  for (let index = 0; index < count; index++) {
    copy.push(row(index));
    const wait = copy.flush();
    if (wait) await wait;
  }
  await copy.end();
}
