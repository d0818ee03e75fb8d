import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** Where things are, seen from `bench/dist`. */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const API_DIST = resolve(REPO_ROOT, 'apps/api/dist');

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/crm_bench';
export const BENCH_PASSWORD = 'bench-password';

/** The users the runner signs in as; the seed creates them. */
export const BENCH_LOGINS = {
  admin: 'admin@bench.crm',
  head: 'head@bench.crm',
  rep: 'rep@bench.crm',
} as const;

export function databaseUrlFrom(value: string | undefined): string {
  return value ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL;
}

/**
 * The seed truncates and the runner signs in with known passwords: both refuse a database whose name does not say
 * it is a benchmark one, unless told otherwise.
 */
export function assertBenchDatabase(url: string, force: boolean): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name) throw new Error(`No database name in ${url}`);
  if (!force && !name.includes('bench')) {
    throw new Error(`Refusing to use database "${name}": its name does not contain "bench" (pass --force to insist).`);
  }
  return name;
}

/** Loads a module of the built API (`pnpm build` first), so the bench uses the API's own code, e.g. phone normalization. */
export async function importApi<T>(relativePath: string): Promise<T> {
  const file = resolve(API_DIST, relativePath);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`pnpm build\` first.`);
  return (await import(pathToFileURL(file).href)) as T;
}

export { parseArgs };

/** Prints how long each phase took, and keeps the figures for a summary. */
export class PhaseTimer {
  private readonly started = performance.now();
  readonly phases: { name: string; seconds: number }[] = [];

  async run<T>(name: string, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    process.stdout.write(`• ${name}…\n`);
    const result = await work();
    const seconds = (performance.now() - start) / 1000;
    this.phases.push({ name, seconds });
    process.stdout.write(`  ${name}: ${seconds.toFixed(1)} s\n`);
    return result;
  }

  get totalSeconds(): number {
    return (performance.now() - this.started) / 1000;
  }
}
