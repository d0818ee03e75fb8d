import { Column, Entity } from 'typeorm';
import type { AddressDto, EmailDto, PhoneDto } from '../../core/records/contact-points.dto.js';
import { OwnedRecord } from '../../core/records/owned-record.entity.js';
import type { CustomValues } from '../custom-fields/custom-field-values.js';

@Entity({ name: 'companies' })
export class Company extends OwnedRecord {
  @Column({ type: 'varchar' })
  name: string;

  @Column({ name: 'legal_name', type: 'varchar', nullable: true })
  legalName: string | null;

  @Column({ name: 'tax_id', type: 'varchar', nullable: true })
  taxId: string | null;

  @Column({ type: 'varchar', nullable: true })
  industry: string | null;

  @Column({ type: 'varchar', nullable: true })
  website: string | null;

  @Column({ type: 'jsonb', nullable: true })
  address: AddressDto | null;

  @Column({ type: 'jsonb' })
  phones: PhoneDto[];

  @Column({ type: 'jsonb' })
  emails: EmailDto[];

  /** Lower-cased emails, for duplicate checks and search (see contact-keys.ts). */
  @Column({ name: 'emails_normalized', type: 'text', array: true })
  emailsNormalized: string[];

  /** Phones in E.164. */
  @Column({ name: 'phones_normalized', type: 'text', array: true })
  phonesNormalized: string[];

  @Column({ name: 'tax_id_normalized', type: 'varchar', nullable: true })
  taxIdNormalized: string | null;

  /** Values of the custom fields by key, normalized (see custom-field-values.ts). */
  @Column({ type: 'jsonb' })
  custom: CustomValues;
}
