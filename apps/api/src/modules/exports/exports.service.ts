import { Injectable, type StreamableFile } from '@nestjs/common';
import type { Entity } from '@crm/permissions';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { scopeToActor } from '../../core/access/access.js';
import type { Actor } from '../../core/auth/actor.js';
import { csvStream, download, xlsxStream } from '../../core/http/file-download.js';
import { paginate } from '../../core/list/cursor-list.js';
import type { OwnedListFilters, RecordSelection } from '../../core/records/owned-list.js';
import type { OwnedRecord } from '../../core/records/owned-record.entity.js';
import { CompaniesService } from '../companies/companies.service.js';
import { ContactsService } from '../contacts/contacts.service.js';
import type { ExportCompaniesQueryDto, ExportContactsQueryDto, ExportFormat } from './dto/export.dto.js';
import { COMPANY_COLUMNS, CONTACT_COLUMNS, type ExportColumn, loadLinks } from './export-columns.js';

const PAGE_SIZE = 1_000;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface ExportKind<T extends OwnedRecord, Query extends OwnedListFilters> {
  entity: Extract<Entity, 'contact' | 'company'>;
  /** Plural for the file and sheet names. */
  name: string;
  selection: RecordSelection<T, Query>;
  columns: ExportColumn<T>[];
}

/**
 * Exports of client lists: the list's filters, narrowed to the actor's export level, read a page at a time with a
 * keyset cursor and streamed to the client as CSV or XLSX, so that no export holds more than a page in memory.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly contacts: ContactsService,
    private readonly companies: CompaniesService,
  ) {}

  exportContacts(actor: Actor, query: ExportContactsQueryDto): Promise<StreamableFile> {
    return this.export(actor, { entity: 'contact', name: 'contacts', selection: this.contacts, columns: CONTACT_COLUMNS }, query);
  }

  exportCompanies(actor: Actor, query: ExportCompaniesQueryDto): Promise<StreamableFile> {
    return this.export(actor, { entity: 'company', name: 'companies', selection: this.companies, columns: COMPANY_COLUMNS }, query);
  }

  private async export<T extends OwnedRecord, Query extends OwnedListFilters>(
    actor: Actor,
    kind: ExportKind<T, Query>,
    query: Partial<Query> & { format?: ExportFormat },
  ): Promise<StreamableFile> {
    const { format = 'csv', ...filters } = query;
    // Built before the answer starts, so that a filter the list refuses answers a problem, not a broken file.
    const matching = await kind.selection.matching(actor, 'read', filters as Query);
    const records = scopeToActor(matching, actor, kind.entity, 'export');
    const header = kind.columns.map((column) => column.title);
    const pages = this.pages(actor, records, kind.columns);
    const fileName = `${kind.name}-${new Date().toISOString().slice(0, 10)}.${format}`;
    return format === 'xlsx'
      ? download(xlsxStream(kind.name, header, pages), XLSX_TYPE, fileName)
      : download(csvStream(header, pages), 'text/csv; charset=utf-8', fileName);
  }

  /** Pages of cells, oldest records first, each page continuing after the last row of the one before. */
  private async *pages<T extends OwnedRecord>(actor: Actor, records: SelectQueryBuilder<T>, columns: ExportColumn<T>[]): AsyncGenerator<unknown[][]> {
    const alias = records.alias;
    let cursor: string | undefined;
    do {
      const page = await paginate(records.clone(), {
        sort: [{ name: 'createdAt', descending: false, field: { column: `${alias}.createdAt`, cast: 'timestamptz', value: (row) => row.createdAt.toISOString() } }],
        tieBreaker: { column: `${alias}.id`, cast: 'uuid', value: (row) => row.id },
        limit: PAGE_SIZE,
        cursor,
      });
      const links = await loadLinks(this.dataSource.manager, actor, page.items);
      yield page.items.map((record) => columns.map((column) => column.value(record, links)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
}
