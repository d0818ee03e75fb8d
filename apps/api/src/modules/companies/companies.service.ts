import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config.js';
import { paginate, type SortableFields } from '../../core/list/cursor-list.js';
import { applyOwnedListFilters, type RecordSelection } from '../../core/records/owned-list.js';
import { clientRecordColumns, OwnedRecords } from '../../core/records/owned-records.js';
import { auditedCustomValues } from '../custom-fields/custom-field-values.js';
import { CustomFieldsService } from '../custom-fields/custom-fields.service.js';
import type { DuplicateCheckQueryDto } from '../duplicates/dto/duplicates.dto.js';
import { DuplicatesService } from '../duplicates/duplicates.service.js';
import { Company } from './company.entity.js';
import {
  type CompanyDto,
  type CompanyPageDto,
  type CreateCompanyDto,
  ListCompaniesQueryDto,
  toCompanyDto,
  type UpdateCompanyDto,
} from './dto/company.dto.js';

const SORTABLE: SortableFields<Company> = {
  createdAt: { column: 'co.createdAt', cast: 'timestamptz', value: (row) => row.createdAt.toISOString() },
  updatedAt: { column: 'co.updatedAt', cast: 'timestamptz', value: (row) => row.updatedAt.toISOString() },
  name: { column: 'co.name', value: (row) => row.name },
};

/** What the audit log keeps of a company; merges write their entries with it too. */
export function snapshot(company: Company): Record<string, unknown> {
  const { createdAt: _createdAt, updatedAt: _updatedAt, deletedAt: _deletedAt, version: _version, custom, ...fields } = toCompanyDto(company);
  return { ...fields, ...auditedCustomValues(custom) };
}

@Injectable()
export class CompaniesService implements RecordSelection<Company, ListCompaniesQueryDto> {
  readonly records: OwnedRecords<Company>;
  readonly listQuery = ListCompaniesQueryDto;

  constructor(
    dataSource: DataSource,
    audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly customFields: CustomFieldsService,
    private readonly duplicates: DuplicatesService,
  ) {
    this.records = new OwnedRecords(dataSource, audit, { entity: 'company', target: Company, snapshot });
  }

  async listCompanies(actor: Actor, query: ListCompaniesQueryDto): Promise<CompanyPageDto> {
    const fields = await this.customFields.fieldSet('company');
    const companies = fields.applyFilters(applyOwnedListFilters(this.records.query(actor, 'read', 'co', query.deleted ?? 'exclude'), 'co', query, { kind: 'company' }), 'co', query.cf);
    const page = await paginate(companies, {
      sort: fields.sortTerms(query.sort, SORTABLE, '-createdAt', 'co'),
      tieBreaker: { column: 'co.id', cast: 'uuid', value: (row) => row.id },
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(toCompanyDto), nextCursor: page.nextCursor };
  }

  async matching(actor: Actor, action: 'read' | 'update' | 'delete', query: ListCompaniesQueryDto, manager?: EntityManager): Promise<SelectQueryBuilder<Company>> {
    const fields = await this.customFields.fieldSet('company');
    return fields.applyFilters(applyOwnedListFilters(this.records.query(actor, action, 'co', query.deleted ?? 'exclude', manager), 'co', query, { kind: 'company' }), 'co', query.cf);
  }

  async getCompany(actor: Actor, id: string): Promise<CompanyDto> {
    return toCompanyDto(await this.records.get(actor, id));
  }

  async createCompany(actor: Actor, dto: CreateCompanyDto, check: DuplicateCheckQueryDto = {}): Promise<CompanyDto> {
    const columns = clientRecordColumns<Company>(dto, this.config.defaultPhoneRegion);
    columns.custom = (await this.customFields.fieldSet('company')).values(dto.custom, null);
    await this.duplicates.assertNoDuplicates(actor, 'company', columns, { force: check.force });
    return toCompanyDto(await this.records.create(actor, columns));
  }

  async updateCompany(actor: Actor, id: string, dto: UpdateCompanyDto, ifMatch?: number, check: DuplicateCheckQueryDto = {}): Promise<CompanyDto> {
    const { version, custom: customInput, ...changes } = dto;
    const columns = clientRecordColumns<Company>(changes, this.config.defaultPhoneRegion);
    if (customInput !== undefined) {
      // Values merge over the stored ones; the version check of the update guards that base.
      columns.custom = (await this.customFields.fieldSet('company')).values(customInput, (await this.records.get(actor, id)).custom);
    }
    await this.duplicates.assertNoDuplicates(actor, 'company', columns, { id, force: check.force });
    return toCompanyDto(await this.records.update(actor, id, version ?? ifMatch, columns));
  }

  async deleteCompany(actor: Actor, id: string, ifMatch?: number): Promise<void> {
    await this.records.softDelete(actor, id, ifMatch);
  }

  async restoreCompany(actor: Actor, id: string): Promise<CompanyDto> {
    return toCompanyDto(await this.records.restore(actor, id));
  }
}
