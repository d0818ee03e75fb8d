import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Actor } from '../../core/auth/actor.js';
import type { ImportFileFormat } from './import-file.js';
import type { ColumnMapping, ImportEntity } from './import-fields.js';

export const IMPORT_STATUSES = ['draft', 'queued', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const DUPLICATE_POLICIES = ['skip', 'update', 'create'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

@Entity({ name: 'imports' })
export class ImportJob {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar' })
  entity: ImportEntity;

  @Column({ type: 'varchar' })
  status: ImportStatus;

  @Column({ name: 'file_name', type: 'varchar' })
  fileName: string;

  @Column({ name: 'file_format', type: 'varchar' })
  fileFormat: ImportFileFormat;

  /** The upload as sent; read only by the worker, so lists and progress polls leave it out. */
  @Column({ type: 'bytea', select: false })
  file: Buffer;

  @Column({ type: 'varchar', nullable: true })
  encoding: string | null;

  @Column({ type: 'varchar', nullable: true })
  delimiter: string | null;

  @Column({ type: 'jsonb' })
  header: string[];

  /** The first rows of the file, to show them validated against the current mapping. */
  @Column({ type: 'jsonb' })
  preview: string[][];

  @Column({ type: 'jsonb' })
  mapping: ColumnMapping[];

  @Column({ name: 'duplicate_policy', type: 'varchar' })
  duplicatePolicy: DuplicatePolicy;

  @Column({ name: 'total_rows', type: 'integer' })
  totalRows: number;

  /** The cursor: rows of the file handled by committed batches. */
  @Column({ name: 'rows_done', type: 'integer' })
  rowsDone: number;

  @Column({ name: 'created_count', type: 'integer' })
  createdCount: number;

  @Column({ name: 'updated_count', type: 'integer' })
  updatedCount: number;

  @Column({ name: 'skipped_count', type: 'integer' })
  skippedCount: number;

  @Column({ name: 'failed_count', type: 'integer' })
  failedCount: number;

  /** Who started the job, with the rights and request id of the start, as the worker acts for them. */
  @Column({ name: 'run_as', type: 'jsonb', nullable: true })
  runAs: Actor | null;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'created_by_id', type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
