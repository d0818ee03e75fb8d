import type { Type } from '@nestjs/common';
import type { AuditSnapshot } from '../../core/audit/audit.service.js';
import type { FieldError } from '../../core/http/validation.js';
import type { OwnedRecord } from '../../core/records/owned-record.entity.js';
import { Company } from '../companies/company.entity.js';
import { snapshot as companySnapshot } from '../companies/companies.service.js';
import { CreateCompanyDto, UpdateCompanyDto } from '../companies/dto/company.dto.js';
import { Contact } from '../contacts/contact.entity.js';
import { snapshot as contactSnapshot } from '../contacts/contacts.service.js';
import { CreateContactDto, UpdateContactDto } from '../contacts/dto/contact.dto.js';
import type { ImportEntity } from './import-fields.js';

/** The normalized keys a record is recognized by (see contact-keys.ts), on a stored record or on new values alike. */
interface RecordKeys {
  emailsNormalized?: string[];
  phonesNormalized?: string[];
  taxIdNormalized?: string | null;
}

/**
 * What an import needs to know about the kind of record it writes: the create body it validates rows with, the
 * columns it writes, the audit snapshot the API keeps of such a record, and how duplicates are recognized.
 */
export interface ImportTarget<T extends OwnedRecord = OwnedRecord> {
  entity: ImportEntity;
  record: Type<T>;
  /** The bodies of the create and update endpoints: rows are validated as the one their duplicate policy may end in. */
  createDto: Type<object>;
  updateDto: Type<object>;
  /** What a new record needs beyond its body's decorators, checked on every row that creates one. */
  required(values: Record<string, unknown>): FieldError[];
  /** Every column an import sets, by property name; other columns keep their defaults. */
  columns: (keyof T & string)[];
  /** Values of columns that cannot be null, for a row that leaves them empty (the database defaults). */
  defaults: Partial<Record<keyof T & string, unknown>>;
  /** What the audit log keeps of such a record: the same snapshot as the API's own writes. */
  snapshot(record: T): AuditSnapshot;
  /** The key kinds a duplicate is found by, in order of trust. */
  keyKinds: ('taxId' | 'email' | 'phone')[];
}

/** `e:anna@example.com`, `p:+37126123456`, `t:LV40003245752`: one namespace for the keys of a batch. */
export function keysOf(target: ImportTarget, record: RecordKeys): string[] {
  const keys: string[] = [];
  for (const kind of target.keyKinds) {
    if (kind === 'taxId' && record.taxIdNormalized) keys.push(`t:${record.taxIdNormalized}`);
    if (kind === 'email') keys.push(...(record.emailsNormalized ?? []).map((email) => `e:${email}`));
    if (kind === 'phone') keys.push(...(record.phonesNormalized ?? []).map((phone) => `p:${phone}`));
  }
  return keys;
}

const CLIENT_COLUMNS = ['emails', 'phones', 'address', 'tags', 'ownerId', 'emailsNormalized', 'phonesNormalized'] as const;
const CLIENT_DEFAULTS = { emails: [], phones: [], tags: [], emailsNormalized: [], phonesNormalized: [] };

const CONTACT: ImportTarget<Contact> = {
  entity: 'contact',
  record: Contact,
  createDto: CreateContactDto,
  updateDto: UpdateContactDto,
  // The same rule as ContactsService.createContact.
  required: (values) =>
    values.firstName || values.lastName
      ? []
      : [{ field: 'firstName', messages: ['a contact needs a first or a last name'], codes: ['nameRequired'] }],
  columns: [
    ...CLIENT_COLUMNS,
    'firstName',
    'middleName',
    'lastName',
    'position',
    'companyId',
    'status',
    'leadSource',
    'utmSource',
    'utmMedium',
    'utmCampaign',
    'utmTerm',
    'utmContent',
  ],
  defaults: { ...CLIENT_DEFAULTS, status: 'lead' },
  snapshot: contactSnapshot,
  keyKinds: ['email', 'phone'],
};

const COMPANY: ImportTarget<Company> = {
  entity: 'company',
  record: Company,
  createDto: CreateCompanyDto,
  updateDto: UpdateCompanyDto,
  // Under the update policy rows are read with the update body, where the name is optional.
  required: (values) => (values.name ? [] : [{ field: 'name', messages: ['a company needs a name'], codes: ['nameRequired'] }]),
  columns: [...CLIENT_COLUMNS, 'name', 'legalName', 'taxId', 'industry', 'website', 'taxIdNormalized'],
  defaults: CLIENT_DEFAULTS,
  snapshot: companySnapshot,
  keyKinds: ['taxId', 'email', 'phone'],
};

export const IMPORT_TARGETS: Record<ImportEntity, ImportTarget> = {
  contact: CONTACT as unknown as ImportTarget,
  company: COMPANY as unknown as ImportTarget,
};
