import { Column, Entity } from 'typeorm';
import type { AddressDto, EmailDto, PhoneDto } from '../../core/records/contact-points.dto.js';
import { OwnedRecord } from '../../core/records/owned-record.entity.js';

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
}
