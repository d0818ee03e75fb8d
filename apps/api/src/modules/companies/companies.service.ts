import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config.js';
import { paginate, parseSort, type SortableFields } from '../../core/list/cursor-list.js';
import { applyOwnedListFilters } from '../../core/records/owned-list.js';
import { clientRecordColumns, OwnedRecords } from '../../core/records/owned-records.js';
import { Company } from './company.entity.js';
import {
  type CompanyDto,
  type CompanyPageDto,
  type CreateCompanyDto,
  type ListCompaniesQueryDto,
  toCompanyDto,
  type UpdateCompanyDto,
} from './dto/company.dto.js';

const SORTABLE: SortableFields<Company> = {
  createdAt: { column: 'co.createdAt', cast: 'timestamptz', value: (row) => row.createdAt.toISOString() },
  updatedAt: { column: 'co.updatedAt', cast: 'timestamptz', value: (row) => row.updatedAt.toISOString() },
  name: { column: 'co.name', value: (row) => row.name },
};

function snapshot(company: Company): Record<string, unknown> {
  const { createdAt: _createdAt, updatedAt: _updatedAt, deletedAt: _deletedAt, version: _version, ...fields } = toCompanyDto(company);
  return fields;
}

@Injectable()
export class CompaniesService {
  private readonly records: OwnedRecords<Company>;

  constructor(
    dataSource: DataSource,
    audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.records = new OwnedRecords(dataSource, audit, { entity: 'company', target: Company, snapshot });
  }

  async listCompanies(actor: Actor, query: ListCompaniesQueryDto): Promise<CompanyPageDto> {
    const companies = applyOwnedListFilters(this.records.query(actor, 'read', 'co', query.deleted ?? 'exclude'), 'co', query);
    const page = await paginate(companies, {
      sort: parseSort(query.sort, SORTABLE, '-createdAt'),
      tieBreaker: { column: 'co.id', cast: 'uuid', value: (row) => row.id },
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(toCompanyDto), nextCursor: page.nextCursor };
  }

  async getCompany(actor: Actor, id: string): Promise<CompanyDto> {
    return toCompanyDto(await this.records.get(actor, id));
  }

  async createCompany(actor: Actor, dto: CreateCompanyDto): Promise<CompanyDto> {
    return toCompanyDto(await this.records.create(actor, clientRecordColumns<Company>(dto, this.config.defaultPhoneRegion)));
  }

  async updateCompany(actor: Actor, id: string, dto: UpdateCompanyDto, ifMatch?: number): Promise<CompanyDto> {
    const { version, ...changes } = dto;
    return toCompanyDto(await this.records.update(actor, id, version ?? ifMatch, clientRecordColumns<Company>(changes, this.config.defaultPhoneRegion)));
  }

  async deleteCompany(actor: Actor, id: string, ifMatch?: number): Promise<void> {
    await this.records.softDelete(actor, id, ifMatch);
  }

  async restoreCompany(actor: Actor, id: string): Promise<CompanyDto> {
    return toCompanyDto(await this.records.restore(actor, id));
  }
}
