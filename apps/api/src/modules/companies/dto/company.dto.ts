import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUrl, IsUUID, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../../../core/list/page-query.dto.js';
import {
  DateTimeFilter,
  DeletedParam,
  HasOpenDealParam,
  NoActivityDaysParam,
  StringListFilter,
  TagMatchParam,
  TextQueryFilter,
  UuidListFilter,
} from '../../../core/list/list-filters.js';
import { CustomFieldFilterParam, CustomFieldSortParam, CustomValuesProperty, CustomValuesResponse } from '../../custom-fields/dto/custom-values.dto.js';
import type { CustomValues } from '../../custom-fields/custom-field-values.js';
import {
  AddressDto,
  AddressProperty,
  EmailDto,
  EmailsProperty,
  OptionalText,
  PhoneDto,
  PhonesProperty,
  TagsProperty,
} from '../../../core/records/contact-points.dto.js';
import type { Company } from '../company.entity.js';
import { PageOf } from '../../../core/list/page.dto.js';
import { OwnedRecordDto } from '../../../core/records/record.dto.js';

export const COMPANY_SORT_FIELDS = ['createdAt', 'updatedAt', 'name'] as const;

export class CreateCompanyDto {
  @ApiProperty({ minLength: 1, maxLength: 300, example: 'SIA Baltijas Koks' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @OptionalText(300)
  legalName?: string;

  @ApiPropertyOptional({ maxLength: 40, nullable: true, type: String, description: 'VAT number, INN, NIF…' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  taxId?: string;

  @OptionalText(120)
  industry?: string;

  @ApiPropertyOptional({ maxLength: 500, nullable: true, type: String, example: 'https://example.com' })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(500)
  website?: string;

  @AddressProperty()
  address?: AddressDto | null;

  @PhonesProperty()
  phones?: PhoneDto[];

  @EmailsProperty()
  emails?: EmailDto[];

  @TagsProperty()
  tags?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Owner; defaults to the creator' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @CustomValuesProperty()
  custom?: Record<string, unknown>;
}

export class UpdateCompanyDto extends PartialType(CreateCompanyDto) {
  @ApiPropertyOptional({ minimum: 1, description: 'The version being changed; or send If-Match' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ListCompaniesQueryDto extends PageQueryDto {
  @TextQueryFilter()
  q?: string;

  @UuidListFilter('Only companies of these owners')
  ownerId?: string[];

  @StringListFilter('Only companies carrying all these tags (any of them with tagMatch=any)')
  tag?: string[];

  @TagMatchParam()
  tagMatch?: 'all' | 'any';

  @UuidListFilter('Only companies whose owner is in one of these teams')
  teamId?: string[];

  @NoActivityDaysParam()
  noActivityDays?: number;

  @CustomFieldFilterParam()
  cf?: string[];

  @DateTimeFilter('Created at or after')
  createdFrom?: string;

  @DateTimeFilter('Created before')
  createdTo?: string;

  @CustomFieldSortParam(COMPANY_SORT_FIELDS, '-createdAt')
  sort?: string;

  @HasOpenDealParam()
  hasOpenDeal?: boolean;

  @DeletedParam()
  deleted?: 'exclude' | 'only';
}

export class CompanyDto extends OwnedRecordDto {
  @ApiProperty()
  name: string;

  @ApiProperty({ nullable: true, type: String })
  legalName: string | null;

  @ApiProperty({ nullable: true, type: String })
  taxId: string | null;

  @ApiProperty({ nullable: true, type: String })
  industry: string | null;

  @ApiProperty({ nullable: true, type: String })
  website: string | null;

  @ApiProperty({ type: AddressDto, nullable: true })
  address: AddressDto | null;

  @ApiProperty({ type: [PhoneDto] })
  phones: PhoneDto[];

  @ApiProperty({ type: [EmailDto] })
  emails: EmailDto[];

  @CustomValuesResponse()
  custom: CustomValues;







}

export class CompanyPageDto extends PageOf(CompanyDto) {}

export function toCompanyDto(company: Company): CompanyDto {
  return {
    id: company.id,
    createdAt: company.createdAt.toISOString(),
    updatedAt: company.updatedAt.toISOString(),
    version: company.version,
    tags: company.tags,
    ownerId: company.ownerId,
    createdById: company.createdById,
    deletedAt: company.deletedAt?.toISOString() ?? null,
    name: company.name,
    legalName: company.legalName,
    taxId: company.taxId,
    industry: company.industry,
    website: company.website,
    address: company.address,
    phones: company.phones,
    emails: company.emails,
    custom: company.custom,
  };
}
