import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { scopeToActor } from '../../core/access/access.js';
import { AuditService } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { ValidationFailedException } from '../../core/http/validation.js';
import { paginate, parseSort, type SortableFields } from '../../core/list/cursor-list.js';
import { applyOwnedListFilters } from '../../core/records/owned-list.js';
import { clientRecordColumns, OwnedRecords } from '../../core/records/owned-records.js';
import { Company } from '../companies/company.entity.js';
import { Contact } from './contact.entity.js';
import {
  type ContactDto,
  type ContactPageDto,
  type CreateContactDto,
  type ListContactsQueryDto,
  toContactDto,
  type UpdateContactDto,
} from './dto/contact.dto.js';

const SORTABLE: SortableFields<Contact> = {
  createdAt: { column: 'c.createdAt', cast: 'timestamptz', value: (row) => row.createdAt.toISOString() },
  updatedAt: { column: 'c.updatedAt', cast: 'timestamptz', value: (row) => row.updatedAt.toISOString() },
  fullName: { column: 'c.fullName', value: (row) => row.fullName },
  status: { column: 'c.status', value: (row) => row.status },
};

function snapshot(contact: Contact): Record<string, unknown> {
  const { createdAt: _createdAt, updatedAt: _updatedAt, deletedAt: _deletedAt, version: _version, ...fields } = toContactDto(contact);
  return fields;
}

@Injectable()
export class ContactsService {
  private readonly records: OwnedRecords<Contact>;

  constructor(
    private readonly dataSource: DataSource,
    audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.records = new OwnedRecords(dataSource, audit, { entity: 'contact', target: Contact, snapshot });
  }

  async listContacts(actor: Actor, query: ListContactsQueryDto): Promise<ContactPageDto> {
    const contacts = this.records.query(actor, 'read', 'c', query.deleted ?? 'exclude');
    applyOwnedListFilters(contacts, 'c', query);
    if (query.status?.length) contacts.andWhere('c.status IN (:...statuses)', { statuses: query.status });
    if (query.companyId?.length) contacts.andWhere('c.companyId IN (:...companyIds)', { companyIds: query.companyId });
    const page = await paginate(contacts, {
      sort: parseSort(query.sort, SORTABLE, '-createdAt'),
      tieBreaker: { column: 'c.id', cast: 'uuid', value: (row) => row.id },
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(toContactDto), nextCursor: page.nextCursor };
  }

  async getContact(actor: Actor, id: string): Promise<ContactDto> {
    return toContactDto(await this.records.get(actor, id));
  }

  async createContact(actor: Actor, dto: CreateContactDto): Promise<ContactDto> {
    if (!dto.firstName && !dto.lastName) {
      throw new ValidationFailedException([
        { field: 'firstName', messages: ['a contact needs a first or a last name'], codes: ['nameRequired'] },
        { field: 'lastName', messages: ['a contact needs a first or a last name'], codes: ['nameRequired'] },
      ]);
    }
    if (dto.companyId) await this.assertCompanyVisible(actor, dto.companyId);
    return toContactDto(await this.records.create(actor, clientRecordColumns<Contact>(dto, this.config.defaultPhoneRegion)));
  }

  async updateContact(actor: Actor, id: string, dto: UpdateContactDto, ifMatch?: number): Promise<ContactDto> {
    const { version, ...changes } = dto;
    if (changes.companyId) await this.assertCompanyVisible(actor, changes.companyId);
    return toContactDto(await this.records.update(actor, id, version ?? ifMatch, clientRecordColumns<Contact>(changes, this.config.defaultPhoneRegion)));
  }

  async deleteContact(actor: Actor, id: string, ifMatch?: number): Promise<void> {
    await this.records.softDelete(actor, id, ifMatch);
  }

  async restoreContact(actor: Actor, id: string): Promise<ContactDto> {
    return toContactDto(await this.records.restore(actor, id));
  }

  private async assertCompanyVisible(actor: Actor, companyId: string): Promise<void> {
    const companies = this.dataSource.getRepository(Company).createQueryBuilder('co').where('co.id = :companyId AND co.deletedAt IS NULL', { companyId });
    if (!(await scopeToActor(companies, actor, 'company', 'read').getExists())) {
      throw RecordException.referenceNotFound('companyId');
    }
  }
}
