import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';

export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

export interface JobsOptions {
  databaseUrl: string;
  /** False when the application is built only to read its decorators (the OpenAPI script). */
  enabled: boolean;
}

/** What a handler learns about the job it runs. */
export interface JobContext {
  id: string;
  /** Aborted when the application shuts down: a long handler should stop at its next safe point and throw. */
  signal: AbortSignal;
}

export type JobHandler<Data> = (data: Data, job: JobContext) => Promise<void>;

export interface QueueOptions {
  /** How many times a failed job is tried again, with exponential back-off from `retryDelaySeconds`. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** A job still active after this long counts as failed and is retried (the process running it may be gone). */
  expireInSeconds?: number;
}

export interface SendOptions {
  /** Inserts the job in this transaction: it exists if and only if the caller's writes commit. */
  manager?: EntityManager;
  /** Not run before this instant. */
  startAfter?: Date;
  /** The job's id (a uuid), e.g. the id of the row it acts on, so that it can be cancelled by that id. */
  id?: string;
}

interface Queue {
  handler: JobHandler<never>;
  options: QueueOptions;
  workerId?: string;
}

// pg-boss keeps its own small pool, so that polling never waits behind requests for a connection.
const POOL_SIZE = 3;
const STOP_TIMEOUT_MS = 30_000;

/**
 * A durable job queue in PostgreSQL (pg-boss, schema `pgboss`), shared by every API instance: a job sent by one
 * instance is run by whichever instance fetches it first, and a job whose instance died is retried elsewhere.
 * Modules register a handler per queue name and send jobs by that name, now or for later, on their own or inside the
 * transaction that causes them (so a job exists only if that commits); cancelling one is the rest of the API.
 */
@Injectable()
export class JobsService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly boss: PgBoss;
  private readonly queues = new Map<string, Queue>();
  private readonly shutdown = new AbortController();
  private started = false;

  constructor(@Inject(JOBS_OPTIONS) private readonly options: JobsOptions) {
    this.boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema: 'pgboss',
      max: POOL_SIZE,
      application_name: 'crm-jobs',
      // Nothing is scheduled by cron yet; the clock monitor would only poll.
      schedule: false,
    });
    this.boss.on('error', (error) => this.logger.error({ err: error }, 'Job queue error'));
  }

  get running(): boolean {
    return this.started;
  }

  async onModuleInit(): Promise<void> {
    if (!this.options.enabled) return;
    await this.boss.start();
    this.started = true;
    for (const name of this.queues.keys()) await this.subscribe(name);
  }

  /** Lets running handlers reach a safe point, then closes the queue's connections; the app's pool is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.shutdown.abort();
    await this.boss.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS });
  }

  /**
   * Runs `handler` for each job sent to `name`, one at a time per instance, back to back while jobs wait; a handler
   * that throws is retried.
   */
  async register<Data>(name: string, handler: JobHandler<Data>, options: QueueOptions = {}): Promise<void> {
    if (this.queues.has(name)) throw new Error(`Queue ${name} already has a handler`);
    this.queues.set(name, { handler: handler as JobHandler<never>, options });
    if (this.started) await this.subscribe(name);
  }

  /**
   * Queues a job. Sent outside a transaction and due now, it also wakes this instance's worker, so that it starts now
   * rather than at the next poll; sent inside a transaction, the job is invisible until the commit, and any instance's
   * worker finds it at its next poll after that.
   */
  async send<Data extends object>(name: string, data: Data, options: SendOptions = {}): Promise<string> {
    const queue = this.queues.get(name);
    if (!queue?.workerId) throw new Error(`Queue ${name} has no handler here, or the job runner is not started`);
    const { manager, startAfter, id } = options;
    const jobId = await this.boss.send(name, data, { id, startAfter, db: manager && executor(manager) });
    if (!jobId) throw new Error(`Queue ${name} refused the job`);
    if (!manager && (!startAfter || startAfter.getTime() <= Date.now())) this.boss.notifyWorker(queue.workerId);
    return jobId;
  }

  /** Cancels jobs not yet finished (in the caller's transaction when given); a job already running is not stopped. */
  async cancel(name: string, ids: string[], manager?: EntityManager): Promise<void> {
    if (!ids.length) return;
    await this.boss.cancel(name, ids, { db: manager && executor(manager) });
  }

  private async subscribe(name: string): Promise<void> {
    const queue = this.queues.get(name)!;
    const { retryLimit = 5, retryDelaySeconds = 5, expireInSeconds = 15 * 60 } = queue.options;
    const settings = { name, retryLimit, retryDelay: retryDelaySeconds, retryBackoff: true, expireInSeconds };
    // createQueue leaves an existing queue as it is; the update makes its settings follow this code.
    await this.boss.createQueue(name, settings);
    await this.boss.updateQueue(name, settings);
    queue.workerId = await this.boss.work<object>(name, { batchSize: 1 }, async ([job]) => {
      try {
        await queue.handler(job!.data as never, { id: job!.id, signal: this.shutdown.signal });
      } finally {
        // pg-boss waits a polling interval after every job; a nudge makes the worker fetch the next one at once.
        this.boss.notifyWorker(queue.workerId!);
      }
    });
  }
}

/** pg-boss runs its statements through this, so that a job is written in the caller's TypeORM transaction. */
function executor(manager: EntityManager): PgBoss.Db {
  return { executeSql: async (text, values) => ({ rows: (await manager.query(text, values)) as unknown[] }) };
}
