/**
 * Preloaded into the API by the runner (`node --import bench/dist/sql-trace.js apps/api/dist/main.js`) in a short
 * tracing start, never in a measured one: it records every statement the API sends to PostgreSQL and hands them to
 * the runner over IPC on request, so that the raw baseline can be checked against (or replay) exactly the SQL the
 * API runs for a request.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type pg from 'pg';
import { REPO_ROOT } from './bench-env.js';

export interface TracedQuery {
  text: string;
  values: unknown[];
}

export type TraceMessage = { type: 'flush'; id: number };
export type TraceReply = { type: 'queries'; id: number; queries: TracedQuery[] };

// The API's own copy of pg, the one TypeORM loads.
const apiRequire = createRequire(resolve(REPO_ROOT, 'apps/api/package.json'));
const { Client } = apiRequire('pg') as typeof pg;

let buffer: TracedQuery[] = [];
const JOB_QUEUE = /\bpgboss\./;
const query = Client.prototype.query as (...args: unknown[]) => unknown;
Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const [config, values] = args as [string | { text?: string; values?: unknown[] }, unknown];
  const text = typeof config === 'string' ? config : config?.text;
  // The job runner (pg-boss) polls its queues on the same driver; its statements belong to no request.
  if (text && !JOB_QUEUE.test(text)) buffer.push({ text, values: Array.isArray(values) ? values : typeof config === 'object' ? (config.values ?? []) : [] });
  return query.apply(this, args);
} as typeof Client.prototype.query;

process.on('message', (message: TraceMessage) => {
  if (message.type !== 'flush') return;
  const reply: TraceReply = { type: 'queries', id: message.id, queries: buffer };
  buffer = [];
  process.send?.(reply);
});
// Listening must not keep the API alive once Nest has shut down.
process.channel?.unref();
