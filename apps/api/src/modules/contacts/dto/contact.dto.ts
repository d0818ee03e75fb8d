import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength } from 'class-validator';
import {
  AddressDto,
  AddressProperty,
  EmailDto,
  EmailsProperty,
  PhoneDto,
  PhonesProperty,
  OptionalText,
  TagsProperty,
} from '../../../core/records/contact-points.dto.js';
import { PageQueryDto } from '../../../core/list/page-query.dto.js';
import {
  DateTimeFilter,
  DeletedParam,
  HasOpenDealParam,
  EnumListFilter,
  NoActivityDaysParam,
  StringListFilter,
  TagMatchParam,
  TextQueryFilter,
  UuidListFilter,
} from '../../../core/list/list-filters.js';
import { CustomFieldFilterParam, CustomFieldSortParam, CustomValuesProperty, CustomValuesResponse } from '../../custom-fields/dto/custom-values.dto.js';
import type { CustomValues } from '../../custom-fields/custom-field-values.js';
import { CONTACT_STATUSES, type Contact, type ContactStatus } from '../contact.entity.js';
import { PageOf } from '../../../core/list/page.dto.js';
import { OwnedRecordDto } from '../../../core/records/record.dto.js';

export const CONTACT_SORT_FIELDS = ['createdAt', 'updatedAt', 'fullName', 'status'] as const;

const NameProperty = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ minLength: 1, maxLength: 100, description }),
    IsOptional(),
    IsString(),
    MinLength(1),
    MaxLength(100),
  );

export class CreateContactDto {
  @NameProperty('First name; a contact needs a first or a last name')
  firstName?: string;

  @NameProperty('Middle name or patronymic')
  middleName?: string;

  @NameProperty('Last name; a contact needs a first or a last name')
  lastName?: string;

  @OptionalText(200)
  position?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The company the contact works for' })
  @IsOptional()
  @IsUUID()
  companyId?: string | null;

  @EmailsProperty()
  emails?: EmailDto[];

  @PhonesProperty()
  phones?: PhoneDto[];

  @AddressProperty()
  address?: AddressDto | null;

  @TagsProperty()
  tags?: string[];

  @ApiPropertyOptional({ enum: CONTACT_STATUSES, enumName: 'ContactStatus', default: 'lead' })
  @IsOptional()
  @IsIn(CONTACT_STATUSES)
  status?: ContactStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Owner; defaults to the creator' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @OptionalText(120)
  leadSource?: string;

  @OptionalText(200)
  utmSource?: string;

  @OptionalText(200)
  utmMedium?: string;

  @OptionalText(200)
  utmCampaign?: string;

  @OptionalText(200)
  utmTerm?: string;

  @OptionalText(200)
  utmContent?: string;

  @CustomValuesProperty()
  custom?: Record<string, unknown>;
}

export class UpdateContactDto extends PartialType(CreateContactDto) {
  @ApiPropertyOptional({ minimum: 1, description: 'The version being changed; or send If-Match' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ListContactsQueryDto extends PageQueryDto {
  @TextQueryFilter()
  q?: string;

  @UuidListFilter('Only contacts of these owners')
  ownerId?: string[];

  @StringListFilter('Only contacts carrying all these tags (any of them with tagMatch=any)')
  tag?: string[];

  @TagMatchParam()
  tagMatch?: 'all' | 'any';

  @UuidListFilter('Only contacts whose owner is in one of these teams')
  teamId?: string[];

  @EnumListFilter(CONTACT_STATUSES, 'ContactStatus', 'Only contacts in one of these statuses')
  status?: ContactStatus[];

  @StringListFilter('Only contacts from one of these lead sources (any letter case)')
  leadSource?: string[];

  @NoActivityDaysParam()
  noActivityDays?: number;

  @CustomFieldFilterParam()
  cf?: string[];

  @UuidListFilter('Only contacts of these companies')
  companyId?: string[];

  @DateTimeFilter('Created at or after')
  createdFrom?: string;

  @DateTimeFilter('Created before')
  createdTo?: string;

  @CustomFieldSortParam(CONTACT_SORT_FIELDS, '-createdAt')
  sort?: string;

  @HasOpenDealParam()
  hasOpenDeal?: boolean;

  @DeletedParam()
  deleted?: 'exclude' | 'only';
}

export class ContactDto extends OwnedRecordDto {
  @ApiProperty({ nullable: true, type: String })
  firstName: string | null;

  @ApiProperty({ nullable: true, type: String })
  middleName: string | null;

  @ApiProperty({ nullable: true, type: String })
  lastName: string | null;

  @ApiProperty({ description: 'First, middle and last name joined' })
  fullName: string;

  @ApiProperty({ nullable: true, type: String })
  position: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  companyId: string | null;

  @ApiProperty({ type: [EmailDto] })
  emails: EmailDto[];

  @ApiProperty({ type: [PhoneDto] })
  phones: PhoneDto[];

  @ApiProperty({ type: AddressDto, nullable: true })
  address: AddressDto | null;


  @ApiProperty({ enum: CONTACT_STATUSES, enumName: 'ContactStatus' })
  status: ContactStatus;

  @ApiProperty({ nullable: true, type: String })
  leadSource: string | null;

  @ApiProperty({ nullable: true, type: String })
  utmSource: string | null;

  @ApiProperty({ nullable: true, type: String })
  utmMedium: string | null;

  @ApiProperty({ nullable: true, type: String })
  utmCampaign: string | null;

  @ApiProperty({ nullable: true, type: String })
  utmTerm: string | null;

  @ApiProperty({ nullable: true, type: String })
  utmContent: string | null;

  @CustomValuesResponse()
  custom: CustomValues;






}

export class ContactPageDto extends PageOf(ContactDto) {}

export function toContactDto(contact: Contact): ContactDto {
  return {
    id: contact.id,
    createdAt: contact.createdAt.toISOString(),
    updatedAt: contact.updatedAt.toISOString(),
    version: contact.version,
    tags: contact.tags,
    ownerId: contact.ownerId,
    createdById: contact.createdById,
    deletedAt: contact.deletedAt?.toISOString() ?? null,
    firstName: contact.firstName,
    middleName: contact.middleName,
    lastName: contact.lastName,
    fullName: contact.fullName,
    position: contact.position,
    companyId: contact.companyId,
    emails: contact.emails,
    phones: contact.phones,
    address: contact.address,
    status: contact.status,
    leadSource: contact.leadSource,
    utmSource: contact.utmSource,
    utmMedium: contact.utmMedium,
    utmCampaign: contact.utmCampaign,
    utmTerm: contact.utmTerm,
    utmContent: contact.utmContent,
    custom: contact.custom,
  };
}
