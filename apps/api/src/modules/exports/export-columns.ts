import type { EntityManager } from 'typeorm';
import { scopeToActor } from '../../core/access/access.js';
import type { Actor } from '../../core/auth/actor.js';
import type { AddressDto, EmailDto, PhoneDto } from '../../core/records/contact-points.dto.js';
import type { OwnedRecord } from '../../core/records/owned-record.entity.js';
import { Company } from '../companies/company.entity.js';
import type { Contact } from '../contacts/contact.entity.js';
import { FIELD_LABELS, type ImportField } from '../imports/import-fields.js';

/** Names of the records a page links to, loaded once per page. */
export interface PageLinks {
  ownerEmails: Map<string, string>;
  companyNames: Map<string, string>;
}

export interface ExportColumn<T> {
  title: string;
  value(record: T, links: PageLinks): string | Date | null;
}

const joined = (items: (EmailDto | PhoneDto)[]) => items.map((item) => item.value).join('; ');
const address = (part: keyof AddressDto) => (record: { address: AddressDto | null }) => record.address?.[part] ?? null;

/** A column titled like the import field it fills, so that an exported file imports back as it is. */
function field<T>(name: ImportField, value: ExportColumn<T>['value']): ExportColumn<T> {
  return { title: FIELD_LABELS[name], value };
}

function shared<T extends OwnedRecord & { emails: EmailDto[]; phones: PhoneDto[]; address: AddressDto | null }>(): ExportColumn<T>[] {
  return [
    field('email', (record) => joined(record.emails)),
    field('phone', (record) => joined(record.phones)),
    field('tags', (record) => record.tags.join(', ')),
    field('owner', (record, links) => (record.ownerId ? (links.ownerEmails.get(record.ownerId) ?? null) : null)),
    field('country', address('country')),
    field('region', address('region')),
    field('city', address('city')),
    field('street', address('street')),
    field('postalCode', address('postalCode')),
  ];
}

const stamps = <T extends OwnedRecord>(): ExportColumn<T>[] => [
  { title: 'Created at', value: (record) => record.createdAt },
  { title: 'Updated at', value: (record) => record.updatedAt },
];

export const CONTACT_COLUMNS: ExportColumn<Contact>[] = [
  { title: 'Id', value: (contact) => contact.id },
  field('firstName', (contact) => contact.firstName),
  field('middleName', (contact) => contact.middleName),
  field('lastName', (contact) => contact.lastName),
  field('position', (contact) => contact.position),
  field('company', (contact, links) => (contact.companyId ? (links.companyNames.get(contact.companyId) ?? null) : null)),
  field('status', (contact) => contact.status),
  ...shared<Contact>(),
  field('leadSource', (contact) => contact.leadSource),
  field('utmSource', (contact) => contact.utmSource),
  field('utmMedium', (contact) => contact.utmMedium),
  field('utmCampaign', (contact) => contact.utmCampaign),
  field('utmTerm', (contact) => contact.utmTerm),
  field('utmContent', (contact) => contact.utmContent),
  ...stamps<Contact>(),
];

export const COMPANY_COLUMNS: ExportColumn<Company>[] = [
  { title: 'Id', value: (company) => company.id },
  field('name', (company) => company.name),
  field('legalName', (company) => company.legalName),
  field('taxId', (company) => company.taxId),
  field('industry', (company) => company.industry),
  field('website', (company) => company.website),
  ...shared<Company>(),
  ...stamps<Company>(),
];

/**
 * The owners' emails and the names of the companies a page of records refers to, in two queries; companies out of the
 * actor's reach stay unnamed, as they would on the record's card.
 */
export async function loadLinks(manager: EntityManager, actor: Actor, records: (OwnedRecord & { companyId?: string | null })[]): Promise<PageLinks> {
  const ownerIds = [...new Set(records.map((record) => record.ownerId).filter((id): id is string => !!id))];
  const companyIds = [...new Set(records.map((record) => record.companyId).filter((id): id is string => !!id))];
  const companies = manager.getRepository(Company).createQueryBuilder('co').select(['co.id', 'co.name']).where('co.id IN (:...companyIds)', { companyIds });
  const [owners, named]: [{ id: string; email: string }[], { id: string; name: string }[]] = await Promise.all([
    ownerIds.length ? manager.query('SELECT id, email FROM users WHERE id = ANY($1)', [ownerIds]) : [],
    companyIds.length ? scopeToActor(companies, actor, 'company', 'read').getMany() : [],
  ]);
  return {
    ownerEmails: new Map(owners.map((owner) => [owner.id, owner.email])),
    companyNames: new Map(named.map((company) => [company.id, company.name])),
  };
}
