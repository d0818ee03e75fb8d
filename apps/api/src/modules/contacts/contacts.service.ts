import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { scopeToActor } from '../../core/access/access.js';
import { AuditService } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { ValidationFailedException } from '../../core/http/validation.js';
import { paginate, type SortableFields } from '../../core/list/cursor-list.js';
import { applyOwnedListFilters, type RecordSelection } from '../../core/records/owned-list.js';
import { clientRecordColumns, OwnedRecords } from '../../core/records/owned-records.js';
import { Company } from '../companies/company.entity.js';
import { auditedCustomValues } from '../custom-fields/custom-field-values.js';
import type { CustomFieldSet } from '../custom-fields/custom-field-set.js';
import { CustomFieldsService } from '../custom-fields/custom-fields.service.js';
import type { DuplicateCheckQueryDto } from '../duplicates/dto/duplicates.dto.js';
import { DuplicatesService } from '../duplicates/duplicates.service.js';
import { Contact } from './contact.entity.js';
import {
  type ContactDto,
  type ContactPageDto,
  type CreateContactDto,
  ListContactsQueryDto,
  toContactDto,
  type UpdateContactDto,
} from './dto/contact.dto.js';

const SORTABLE: SortableFields<Contact> = {
  createdAt: { column: 'c.createdAt', cast: 'timestamptz', value: (row) => row.createdAt.toISOString() },
  updatedAt: { column: 'c.updatedAt', cast: 'timestamptz', value: (row) => row.updatedAt.toISOString() },
  fullName: { column: 'c.fullName', value: (row) => row.fullName },
  status: { column: 'c.status', value: (row) => row.status },
};

/** What the audit log keeps of a contact; merges write their entries with it too. */
export function snapshot(contact: Contact): Record<string, unknown> {
  const { createdAt: _createdAt, updatedAt: _updatedAt, deletedAt: _deletedAt, version: _version, custom, ...fields } = toContactDto(contact);
  return { ...fields, ...auditedCustomValues(custom) };
}

@Injectable()
export class ContactsService implements RecordSelection<Contact, ListContactsQueryDto> {
  readonly records: OwnedRecords<Contact>;
  readonly listQuery = ListContactsQueryDto;

  constructor(
    private readonly dataSource: DataSource,
    audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly customFields: CustomFieldsService,
    private readonly duplicates: DuplicatesService,
  ) {
    this.records = new OwnedRecords(dataSource, audit, { entity: 'contact', target: Contact, snapshot });
  }

  async listContacts(actor: Actor, query: ListContactsQueryDto): Promise<ContactPageDto> {
    const fields = await this.customFields.fieldSet('contact');
    const contacts = this.filter(this.records.query(actor, 'read', 'c', query.deleted ?? 'exclude'), query, fields);
    const page = await paginate(contacts, {
      sort: fields.sortTerms(query.sort, SORTABLE, '-createdAt', 'c'),
      tieBreaker: { column: 'c.id', cast: 'uuid', value: (row) => row.id },
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(toContactDto), nextCursor: page.nextCursor };
  }

  async matching(actor: Actor, action: 'read' | 'update' | 'delete', query: ListContactsQueryDto, manager?: EntityManager): Promise<SelectQueryBuilder<Contact>> {
    const fields = await this.customFields.fieldSet('contact');
    return this.filter(this.records.query(actor, action, 'c', query.deleted ?? 'exclude', manager), query, fields);
  }

  private filter(contacts: SelectQueryBuilder<Contact>, query: ListContactsQueryDto, fields: CustomFieldSet): SelectQueryBuilder<Contact> {
    applyOwnedListFilters(contacts, 'c', query, { kind: 'contact' });
    fields.applyFilters(contacts, 'c', query.cf);
    if (query.status?.length) contacts.andWhere('c.status IN (:...statuses)', { statuses: query.status });
    if (query.companyId?.length) contacts.andWhere('c.companyId IN (:...companyIds)', { companyIds: query.companyId });
    if (query.leadSource?.length) {
      contacts.andWhere('lower(c.leadSource) IN (:...leadSources)', { leadSources: query.leadSource.map((source) => source.trim().toLowerCase()) });
    }
    return contacts;
  }

  async getContact(actor: Actor, id: string): Promise<ContactDto> {
    return toContactDto(await this.records.get(actor, id));
  }

  async createContact(actor: Actor, dto: CreateContactDto, check: DuplicateCheckQueryDto = {}): Promise<ContactDto> {
    if (!dto.firstName && !dto.lastName) {
      throw new ValidationFailedException([
        { field: 'firstName', messages: ['a contact needs a first or a last name'], codes: ['nameRequired'] },
        { field: 'lastName', messages: ['a contact needs a first or a last name'], codes: ['nameRequired'] },
      ]);
    }
    if (dto.companyId) await this.assertCompanyVisible(actor, dto.companyId);
    const columns = clientRecordColumns<Contact>(dto, this.config.defaultPhoneRegion);
    columns.custom = (await this.customFields.fieldSet('contact')).values(dto.custom, null);
    await this.duplicates.assertNoDuplicates(actor, 'contact', columns, { force: check.force });
    return toContactDto(await this.records.create(actor, columns));
  }

  async updateContact(actor: Actor, id: string, dto: UpdateContactDto, ifMatch?: number, check: DuplicateCheckQueryDto = {}): Promise<ContactDto> {
    const { version, custom: customInput, ...changes } = dto;
    if (changes.companyId) await this.assertCompanyVisible(actor, changes.companyId);
    const columns = clientRecordColumns<Contact>(changes, this.config.defaultPhoneRegion);
    if (customInput !== undefined) {
      // Values merge over the stored ones; the version check of the update guards that base.
      columns.custom = (await this.customFields.fieldSet('contact')).values(customInput, (await this.records.get(actor, id)).custom);
    }
    await this.duplicates.assertNoDuplicates(actor, 'contact', columns, { id, force: check.force });
    return toContactDto(await this.records.update(actor, id, version ?? ifMatch, columns));
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
