import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { PageOf } from '../../../core/list/page.dto.js';
import { FieldErrorDto } from '../../../core/openapi/problem.dto.js';
import { FIELDS_OF, IMPORT_ENTITIES, IMPORT_FIELDS, type ImportEntity, type ImportField } from '../import-fields.js';
import { DUPLICATE_POLICIES, type DuplicatePolicy, IMPORT_STATUSES, type ImportJob, type ImportStatus } from '../import-job.entity.js';

/** The multipart form of an upload; documented here, read by `readImportUpload`. */
export class CreateImportDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'CSV (any of ; , tab |, UTF-8 or Windows-1251) or XLSX, up to 50 MB' })
  file: unknown;

  @ApiProperty({ enum: IMPORT_ENTITIES, enumName: 'ImportEntity' })
  entity: ImportEntity;
}

export class ColumnMappingDto {
  @ApiProperty({ minimum: 0, description: 'Position of the column in the file, from 0' })
  @IsInt()
  @Min(0)
  @Max(999)
  column: number;

  @ApiProperty({ enum: IMPORT_FIELDS, enumName: 'ImportField' })
  @IsIn(IMPORT_FIELDS)
  field: ImportField;
}

export class UpdateImportDto {
  @ApiPropertyOptional({ type: [ColumnMappingDto], description: 'The columns to import and their fields; columns left out are ignored' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ColumnMappingDto)
  mapping?: ColumnMappingDto[];

  @ApiPropertyOptional({ enum: DUPLICATE_POLICIES, enumName: 'DuplicatePolicy', description: 'What a row matching an existing record by email, phone or tax id does' })
  @IsOptional()
  @IsIn(DUPLICATE_POLICIES)
  duplicatePolicy?: DuplicatePolicy;
}

export class ImportProgressDto {
  @ApiProperty({ description: 'Rows in the file, the header not counted' })
  total: number;

  @ApiProperty({ description: 'Rows handled so far' })
  done: number;

  @ApiProperty({ description: 'Rows that created or updated a record' })
  ok: number;

  @ApiProperty()
  created: number;

  @ApiProperty()
  updated: number;

  @ApiProperty({ description: 'Duplicates left as they were' })
  skipped: number;

  @ApiProperty({ description: 'Rows not imported; see failed-rows.csv' })
  failed: number;
}

export class ImportSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: IMPORT_ENTITIES, enumName: 'ImportEntity' })
  entity: ImportEntity;

  @ApiProperty({ enum: IMPORT_STATUSES, enumName: 'ImportStatus' })
  status: ImportStatus;

  @ApiProperty()
  fileName: string;

  @ApiProperty({ enum: DUPLICATE_POLICIES, enumName: 'DuplicatePolicy' })
  duplicatePolicy: DuplicatePolicy;

  @ApiProperty({ type: ImportProgressDto })
  progress: ImportProgressDto;

  @ApiProperty({ nullable: true, type: String, description: 'Why a failed import stopped' })
  error: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  startedAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  finishedAt: string | null;
}

export class ImportPreviewRowDto {
  @ApiProperty({ description: 'Number of the row among the data rows, from 1' })
  row: number;

  @ApiProperty({ type: [String] })
  cells: string[];

  @ApiProperty({ type: [FieldErrorDto], description: 'What the API would refuse in this row with the current mapping' })
  errors: FieldErrorDto[];
}

export class ImportDto extends ImportSummaryDto {
  @ApiProperty({ type: [String], description: 'The column titles of the file' })
  header: string[];

  @ApiProperty({ type: [ColumnMappingDto] })
  mapping: ColumnMappingDto[];

  @ApiProperty({ enum: IMPORT_FIELDS, enumName: 'ImportField', isArray: true, description: 'The fields a column may be mapped to' })
  fields: ImportField[];

  @ApiProperty({ type: [ImportPreviewRowDto], description: 'The first rows, validated' })
  preview: ImportPreviewRowDto[];
}

export class ImportPageDto extends PageOf(ImportSummaryDto) {}

export function toImportSummaryDto(job: ImportJob): ImportSummaryDto {
  return {
    id: job.id,
    entity: job.entity,
    status: job.status,
    fileName: job.fileName,
    duplicatePolicy: job.duplicatePolicy,
    progress: {
      total: job.totalRows,
      done: job.rowsDone,
      ok: job.createdCount + job.updatedCount,
      created: job.createdCount,
      updated: job.updatedCount,
      skipped: job.skippedCount,
      failed: job.failedCount,
    },
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

export function toImportDto(job: ImportJob, preview: ImportPreviewRowDto[]): ImportDto {
  return {
    ...toImportSummaryDto(job),
    header: job.header,
    mapping: job.mapping,
    fields: [...FIELDS_OF[job.entity]],
    preview,
  };
}
