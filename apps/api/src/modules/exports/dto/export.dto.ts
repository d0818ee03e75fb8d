import { ApiPropertyOptional, IntersectionType, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ListCompaniesQueryDto } from '../../companies/dto/company.dto.js';
import { ListContactsQueryDto } from '../../contacts/dto/contact.dto.js';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

class ExportFormatDto {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, enumName: 'ExportFormat', default: 'csv', description: 'CSV (UTF-8 with BOM) or an Excel workbook' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}

// The list's filters, without paging (an export has every match) and sort (it runs in the order records were created).
const NOT_FILTERS = ['limit', 'cursor', 'sort', 'deleted'] as const;

export class ExportContactsQueryDto extends IntersectionType(OmitType(ListContactsQueryDto, NOT_FILTERS), ExportFormatDto) {}

export class ExportCompaniesQueryDto extends IntersectionType(OmitType(ListCompaniesQueryDto, NOT_FILTERS), ExportFormatDto) {}
