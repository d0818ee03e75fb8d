import { Inject, Injectable, type StreamableFile } from '@nestjs/common';
import type { Action } from '@crm/permissions';
import { DataSource, type EntityManager } from 'typeorm';
import { levelFor } from '../../core/access/access.js';
import type { Actor } from '../../core/auth/actor.js';
import { AuthException } from '../../core/auth/auth.errors.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { csvStream, download } from '../../core/http/file-download.js';
import { type FieldError, ValidationFailedException } from '../../core/http/validation.js';
import { paginate } from '../../core/list/cursor-list.js';
import type { PageQueryDto } from '../../core/list/page-query.dto.js';
import { readRow } from './import-batch.js';
import { detectLayout, type FileLayout, readRows } from './import-file.js';
import { type ColumnMapping, FIELDS_OF, type ImportEntity, REPEATABLE_FIELDS, REQUIRED_FIELDS, suggestMapping } from './import-fields.js';
import { type DuplicatePolicy, ImportJob } from './import-job.entity.js';
import { ImportRunner } from './import-runner.service.js';
import { IMPORT_TARGETS } from './import-targets.js';
import type { ImportUpload } from './import-upload.js';
import { ImportException } from './imports.errors.js';
import {
  type ImportDto,
  type ImportPageDto,
  type ImportPreviewRowDto,
  toImportDto,
  toImportSummaryDto,
  type UpdateImportDto,
} from './dto/import.dto.js';

const PREVIEW_ROWS = 20;
const MAX_ROWS = 500_000;
const FAILURES_PAGE = 1_000;

/** Importing needs `create` on the kind of record, and `update` too when duplicates are to be updated. */
function assertMayImport(actor: Actor, entity: ImportEntity, policy: DuplicatePolicy = 'skip'): void {
  const actions: Action[] = policy === 'update' ? ['create', 'update'] : ['create'];
  for (const action of actions) {
    if (levelFor(actor, entity, action) === 'none') {
      throw new AuthException('permission_denied', `Your role may not ${action} ${entity} records, so it may not import them${action === 'update' ? ' with updates' : ''}.`);
    }
  }
}

function mappingErrors(entity: ImportEntity, header: string[], mapping: ColumnMapping[]): FieldError[] {
  const messages: string[] = [];
  const columns = new Set<number>();
  const fields = new Set<string>();
  for (const { column, field } of mapping) {
    if (column >= header.length) messages.push(`column ${column} does not exist; the file has ${header.length} columns`);
    if (columns.has(column)) messages.push(`column ${column} is mapped twice`);
    if (!FIELDS_OF[entity].includes(field)) messages.push(`${field} is not a field of a ${entity}`);
    if (fields.has(field) && !REPEATABLE_FIELDS.has(field)) messages.push(`${field} is mapped to more than one column`);
    columns.add(column);
    fields.add(field);
  }
  return messages.length ? [{ field: 'mapping', messages, codes: ['invalidMapping'] }] : [];
}

/**
 * Import jobs of one user: upload (parsed and previewed right away, stored whole in the database), mapping and
 * duplicate policy while a draft, then start, after which the job runner writes it (see ImportRunner).
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: ImportRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async createImport(actor: Actor, upload: ImportUpload): Promise<ImportDto> {
    assertMayImport(actor, upload.entity);
    const layout = detectLayout(upload.file);
    const { header, preview, total } = await this.scan(upload.file, layout);
    const job = this.dataSource.getRepository(ImportJob).create({
      entity: upload.entity,
      status: 'draft',
      fileName: upload.fileName,
      fileFormat: layout.format,
      file: upload.file,
      encoding: layout.encoding,
      delimiter: layout.delimiter,
      header,
      preview,
      mapping: suggestMapping(upload.entity, header),
      duplicatePolicy: 'skip',
      totalRows: total,
      createdById: actor.userId,
    });
    const saved = await this.dataSource.getRepository(ImportJob).save(job);
    return this.toDto(await this.find(actor, saved.id));
  }

  async listImports(actor: Actor, query: PageQueryDto): Promise<ImportPageDto> {
    const jobs = this.dataSource.getRepository(ImportJob).createQueryBuilder('i').where('i.createdById = :userId', { userId: actor.userId });
    const page = await paginate(jobs, {
      sort: [{ name: 'createdAt', descending: true, field: { column: 'i.createdAt', cast: 'timestamptz', value: (row) => row.createdAt.toISOString() } }],
      tieBreaker: { column: 'i.id', cast: 'uuid', value: (row) => row.id },
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(toImportSummaryDto), nextCursor: page.nextCursor };
  }

  async getImport(actor: Actor, id: string): Promise<ImportDto> {
    return this.toDto(await this.find(actor, id));
  }

  async updateImport(actor: Actor, id: string, dto: UpdateImportDto): Promise<ImportDto> {
    const job = await this.dataSource.transaction(async (manager) => {
      const draft = await this.lockDraft(manager, actor, id);
      if (dto.mapping) {
        const errors = mappingErrors(draft.entity, draft.header, dto.mapping);
        if (errors.length) throw new ValidationFailedException(errors);
        draft.mapping = dto.mapping.map(({ column, field }) => ({ column, field }));
      }
      draft.duplicatePolicy = dto.duplicatePolicy ?? draft.duplicatePolicy;
      return manager.save(draft);
    });
    return this.toDto(job);
  }

  /** Queues the draft to run as the actor, with the actor's rights and this request's id for the audit log. */
  async startImport(actor: Actor, id: string): Promise<ImportDto> {
    const job = await this.dataSource.transaction(async (manager) => {
      const draft = await this.lockDraft(manager, actor, id);
      assertMayImport(actor, draft.entity, draft.duplicatePolicy);
      // Under the update policy a file may carry only the keys and the fields to change.
      const required = REQUIRED_FIELDS[draft.entity];
      if (draft.duplicatePolicy !== 'update' && !draft.mapping.some((mapped) => required.includes(mapped.field))) {
        throw new ValidationFailedException([
          { field: 'mapping', messages: [`map a column to ${required.join(' or ')} to import ${draft.entity} records`], codes: ['requiredFieldUnmapped'] },
        ]);
      }
      draft.status = 'queued';
      draft.runAs = actor;
      return manager.save(draft);
    });
    // Should this fail, the sweep of interrupted imports queues the job within a minute.
    await this.runner.queue(job.id);
    return this.toDto(job);
  }

  /** The rows the import refused, as they were in the file, with the reason in a last column. */
  async failedRows(actor: Actor, id: string): Promise<StreamableFile> {
    const job = await this.find(actor, id);
    const manager = this.dataSource.manager;
    async function* pages(): AsyncGenerator<string[][]> {
      for (let after = 0; ; ) {
        const rows: { row_number: number; cells: string[]; error: string }[] = await manager.query(
          'SELECT row_number, cells, error FROM import_failures WHERE import_id = $1 AND row_number > $2 ORDER BY row_number LIMIT $3',
          [job.id, after, FAILURES_PAGE],
        );
        yield rows.map((row) => [...job.header.map((_, index) => row.cells[index] ?? ''), row.error]);
        if (rows.length < FAILURES_PAGE) return;
        after = rows.at(-1)!.row_number;
      }
    }
    const name = job.fileName.replace(/\.[^.]*$/, '');
    return download(csvStream([...job.header, 'Error'], pages(), job.delimiter ?? ','), 'text/csv; charset=utf-8', `${name}-failed-rows.csv`);
  }

  private async find(actor: Actor, id: string): Promise<ImportJob> {
    const job = await this.dataSource.getRepository(ImportJob).findOneBy({ id, createdById: actor.userId });
    if (!job) throw RecordException.notFound('import');
    return job;
  }

  private async lockDraft(manager: EntityManager, actor: Actor, id: string): Promise<ImportJob> {
    const job = await manager
      .getRepository(ImportJob)
      .createQueryBuilder('i')
      .where('i.id = :id AND i.createdById = :userId', { id, userId: actor.userId })
      .setLock('pessimistic_write')
      .getOne();
    if (!job) throw RecordException.notFound('import');
    if (job.status !== 'draft') throw ImportException.notDraft(job.status);
    return job;
  }

  /** Reads the whole file once: its header, its first rows and how many rows it has. */
  private async scan(file: Buffer, layout: FileLayout): Promise<{ header: string[]; preview: string[][]; total: number }> {
    let header: string[] | undefined;
    const preview: string[][] = [];
    let total = 0;
    try {
      for await (const cells of readRows(file, layout)) {
        if (!header) header = cells.map((title, index) => title || `Column ${index + 1}`);
        else if (++total <= PREVIEW_ROWS) preview.push(cells);
        if (total > MAX_ROWS) throw new ValidationFailedException([{ field: 'file', messages: [`file must have at most ${MAX_ROWS} rows`], codes: ['maxRows'] }]);
      }
    } catch (error) {
      if (error instanceof ValidationFailedException) throw error;
      throw new ImportException('file_unreadable', `The file cannot be read as ${layout.format.toUpperCase()}: ${(error as Error).message}`);
    }
    if (!header || total === 0) {
      throw new ValidationFailedException([{ field: 'file', messages: ['file must have a header row and at least one data row'], codes: ['noRows'] }]);
    }
    return { header, preview, total };
  }

  private async toDto(job: ImportJob): Promise<ImportDto> {
    const target = IMPORT_TARGETS[job.entity];
    const preview: ImportPreviewRowDto[] = [];
    for (const [index, cells] of job.preview.entries()) {
      const read = await readRow(target, job.mapping, cells, this.config.defaultPhoneRegion, job.duplicatePolicy);
      preview.push({ row: index + 1, cells, errors: Array.isArray(read) ? read : [] });
    }
    return toImportDto(job, preview);
  }
}
