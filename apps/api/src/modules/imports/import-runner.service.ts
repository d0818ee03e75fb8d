import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config.js';
import { JobsService } from '../../core/jobs/jobs.service.js';
import { type BatchContext, type FileRow, ImportBatch, type ReadBatch, readBatch } from './import-batch.js';
import { readRows } from './import-file.js';
import { ImportJob } from './import-job.entity.js';
import { IMPORT_TARGETS } from './import-targets.js';

export const IMPORT_QUEUE = 'imports';
const BATCH_SIZE = 1_000;
/** Batches validated ahead of the one being written. */
const READ_AHEAD = 2;
/** Failures (not interruptions) after which a job gives up and reports the error. */
const MAX_ATTEMPTS = 5;
/** Advisory lock space of running imports: held by the worker's session, so it vanishes with a dead worker. */
const RUN_LOCK = 7_340_030;
/** A queued or running import untouched this long, and not locked by any worker, has lost its worker. */
const STALE_AFTER_SECONDS = 60;
const SWEEP_EVERY_MS = 60_000;

class ImportInterrupted extends Error {}

/**
 * Runs import jobs: reads the stored file from the job's cursor on, writes it a batch at a time, each batch in one
 * transaction with the cursor and counters, so that a job cut off anywhere resumes after its last committed batch.
 * A worker holds a session advisory lock on the import while it runs it; the periodic sweep re-queues imports that
 * are unfinished yet unlocked, i.e. whose worker died.
 */
@Injectable()
export class ImportRunner implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Imports');
  private sweep?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register<{ importId: string }>(IMPORT_QUEUE, (data, job) => this.run(data.importId, job.signal), {
      retryLimit: MAX_ATTEMPTS * 2,
      // Long imports are fine: a worker that dies is noticed by the sweep, not by this expiry.
      expireInSeconds: 6 * 3600,
    });
  }

  onApplicationBootstrap(): void {
    if (!this.jobs.running) return;
    const sweep = () => void this.resumeInterrupted().catch((error: unknown) => this.logger.error({ err: error }, 'Import sweep failed'));
    this.sweep = setInterval(sweep, SWEEP_EVERY_MS).unref();
    sweep();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.sweep);
  }

  async queue(importId: string): Promise<void> {
    await this.jobs.send(IMPORT_QUEUE, { importId });
  }

  /** Re-queues unfinished imports that no worker holds; returns their ids. */
  async resumeInterrupted(staleAfterSeconds = STALE_AFTER_SECONDS): Promise<string[]> {
    const ids = await this.dataSource.transaction(async (manager) => {
      // The transaction-level lock only proves that no worker's session holds the import right now.
      const rows: { id: string }[] = await manager.query(
        `WITH stale AS MATERIALIZED (
           SELECT id FROM imports WHERE status IN ('queued', 'running') AND updated_at < now() - make_interval(secs => $1)
         )
         SELECT id FROM stale WHERE pg_try_advisory_xact_lock($2, hashtext(id::text))`,
        [staleAfterSeconds, RUN_LOCK],
      );
      const found = rows.map((row) => row.id);
      if (found.length) await manager.query('UPDATE imports SET updated_at = now() WHERE id = ANY($1)', [found]);
      return found;
    });
    for (const id of ids) await this.queue(id);
    if (ids.length) this.logger.log({ imports: ids }, 'Resumed interrupted imports');
    return ids;
  }

  /** The job handler. Returns quietly when another worker holds the import or it is already finished. */
  async run(importId: string, signal: AbortSignal): Promise<void> {
    const session = this.dataSource.createQueryRunner();
    await session.connect();
    try {
      const [{ locked }] = (await session.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [RUN_LOCK, importId])) as [
        { locked: boolean },
      ];
      if (!locked) return;
      try {
        await this.runLocked(session, importId, signal);
      } finally {
        await session.query('SELECT pg_advisory_unlock($1, hashtext($2))', [RUN_LOCK, importId]);
      }
    } finally {
      await session.release();
    }
  }

  private async runLocked(session: QueryRunner, importId: string, signal: AbortSignal): Promise<void> {
    const job = await session.manager
      .getRepository(ImportJob)
      .createQueryBuilder('i')
      .addSelect('i.file')
      .where('i.id = :importId', { importId })
      .getOne();
    if (!job || (job.status !== 'queued' && job.status !== 'running')) return;
    await session.query(`UPDATE imports SET status = 'running', started_at = coalesce(started_at, now()), updated_at = now() WHERE id = $1`, [importId]);
    try {
      await this.processRows(session, job, signal);
      await session.query(`UPDATE imports SET status = 'completed', finished_at = now(), updated_at = now() WHERE id = $1`, [importId]);
    } catch (error) {
      if (error instanceof ImportInterrupted) throw error;
      const attempts = job.attempts + 1;
      const giveUp = attempts >= MAX_ATTEMPTS;
      this.logger.error({ err: error, importId, attempts }, giveUp ? 'Import failed' : 'Import batch failed; it will be retried');
      await session.query(
        `UPDATE imports SET attempts = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END, error = $4,
           finished_at = CASE WHEN $3 THEN now() END, updated_at = now() WHERE id = $1`,
        [importId, attempts, giveUp, giveUp ? 'The import stopped on an unexpected error; the rows before it are saved.' : null],
      );
      if (!giveUp) throw error;
    }
  }

  /**
   * Reads the file from the cursor on, a batch at a time, and writes the batches in order. Validation needs no
   * database, so it runs ahead (up to READ_AHEAD batches, one after the other) and fills the time this process would
   * otherwise spend waiting for PostgreSQL to write.
   */
  private async processRows(session: QueryRunner, job: ImportJob, signal: AbortSignal): Promise<void> {
    const context: BatchContext = {
      actor: job.runAs!,
      target: IMPORT_TARGETS[job.entity],
      policy: job.duplicatePolicy,
      phoneRegion: this.config.defaultPhoneRegion,
      audit: this.audit,
    };
    const ahead: { lastRow: number; batch: Promise<ReadBatch> }[] = [];
    let validating: Promise<unknown> = Promise.resolve();
    const writeNext = async () => {
      const { lastRow, batch } = ahead.shift()!;
      const read = await batch;
      // Stopping between batches loses nothing: the job is retried from the cursor, here or on another instance.
      if (signal.aborted) throw new ImportInterrupted('The application is shutting down');
      await this.commitBatch(session, job.id, lastRow, context, read);
    };
    for await (const rows of this.batchesOf(job)) {
      const batch = validating.then(() => readBatch(context, job.mapping, rows));
      // The chain goes on past a failed validation; its error surfaces when that batch is to be written.
      validating = batch.catch(() => undefined);
      ahead.push({ lastRow: rows.at(-1)!.number, batch });
      if (ahead.length > READ_AHEAD) await writeNext();
    }
    while (ahead.length) await writeNext();
  }

  /** The data rows after the cursor, numbered from the first data row, in batches. */
  private async *batchesOf(job: ImportJob): AsyncGenerator<FileRow[]> {
    const rows = readRows(job.file, { format: job.fileFormat, encoding: job.encoding, delimiter: job.delimiter });
    await rows.next(); // the header
    let number = 0;
    let batch: FileRow[] = [];
    for await (const cells of rows) {
      number += 1;
      if (number <= job.rowsDone) continue;
      batch.push({ number, cells });
      if (batch.length === BATCH_SIZE) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }

  /** Writes a batch and moves the cursor past it in one transaction: all of it happens, or none. */
  private async commitBatch(session: QueryRunner, importId: string, lastRow: number, context: BatchContext, batch: ReadBatch): Promise<void> {
    await session.startTransaction();
    try {
      // Safe without waiting for the disk: a batch lost in a crash loses its cursor step with it, and is redone.
      await session.query('SET LOCAL synchronous_commit = off');
      const result = await new ImportBatch(session.manager, context).write(batch);
      if (result.failures.length) {
        await session.query(
          `INSERT INTO import_failures (import_id, row_number, cells, error)
           SELECT $1, r.row_number, r.cells, r.error FROM jsonb_to_recordset($2::jsonb) AS r(row_number integer, cells jsonb, error text)`,
          [importId, JSON.stringify(result.failures.map((failure) => ({ row_number: failure.number, cells: failure.cells, error: failure.error })))],
        );
      }
      await session.query(
        `UPDATE imports SET rows_done = $2, created_count = created_count + $3, updated_count = updated_count + $4,
           skipped_count = skipped_count + $5, failed_count = failed_count + $6, updated_at = now() WHERE id = $1`,
        [importId, lastRow, result.created, result.updated, result.skipped, result.failures.length],
      );
      await session.commitTransaction();
    } catch (error) {
      await session.rollbackTransaction();
      throw error;
    }
  }
}
