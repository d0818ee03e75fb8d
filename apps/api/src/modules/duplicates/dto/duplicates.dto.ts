import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import { PageQueryDto } from '../../../core/list/page-query.dto.js';
import { PageOf } from '../../../core/list/page.dto.js';
import { ProblemDto } from '../../../core/openapi/problem.dto.js';
import { DUPLICATE_ENTITIES, DUPLICATE_REASONS, type DuplicateEntity, type DuplicateKey, type DuplicateReason } from '../duplicate-kinds.js';

const DUPLICATE_KEYS = DUPLICATE_REASONS.filter((reason): reason is DuplicateKey => reason !== 'name');

/** `?force=true` on a create or update: save although records with the same keys exist. */
export class DuplicateCheckQueryDto {
  @ApiPropertyOptional({ default: false, description: 'Save even when another record shares an email, phone or tax id (otherwise 409 duplicate_suspected)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  force?: boolean;
}

export class MatchedKeyDto {
  @ApiProperty({ enum: DUPLICATE_KEYS, enumName: 'DuplicateKey' })
  field: DuplicateKey;

  @ApiProperty({ example: '+37126123456', description: 'The normalized value both records share' })
  value: string;
}

export class DuplicateCandidateDto {
  @ApiProperty({ enum: DUPLICATE_ENTITIES, enumName: 'DuplicateEntity' })
  kind: DuplicateEntity;

  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Anna Bērziņa' })
  title: string;

  @ApiProperty({ type: [MatchedKeyDto] })
  matched: MatchedKeyDto[];
}

/** The 409 of a create or update that looks like an existing record. */
export class DuplicateProblemDto extends ProblemDto {
  @ApiPropertyOptional({ type: [DuplicateCandidateDto], description: 'For duplicate_suspected: the existing records you may read' })
  candidates?: DuplicateCandidateDto[];

  @ApiPropertyOptional({ description: 'For duplicate_suspected: how many more exist out of your reach' })
  hiddenCount?: number;
}

export class ListDuplicatesQueryDto extends PageQueryDto {
  @ApiProperty({ enum: DUPLICATE_ENTITIES, enumName: 'DuplicateEntity' })
  @IsIn(DUPLICATE_ENTITIES)
  entity: DuplicateEntity;
}

/** One side of a pair, with what it takes to compare the two. */
export class DuplicateRecordDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Anna Bērziņa' })
  title: string;

  @ApiProperty({ type: String, nullable: true, description: "A contact's position, a company's legal name" })
  subtitle: string | null;

  @ApiProperty({ type: [String], example: ['anna@example.com'] })
  emails: string[];

  @ApiProperty({ type: [String], example: ['+371 2612 3456'] })
  phones: string[];

  @ApiProperty({ type: String, nullable: true })
  taxId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  ownerId: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ minimum: 1 })
  version: number;
}

export class DuplicatePairDto {
  @ApiProperty({ type: DuplicateRecordDto })
  first: DuplicateRecordDto;

  @ApiProperty({ type: DuplicateRecordDto })
  second: DuplicateRecordDto;

  @ApiProperty({ enum: DUPLICATE_REASONS, enumName: 'DuplicateReason', isArray: true })
  reasons: DuplicateReason[];
}

export class DuplicatePageDto extends PageOf(DuplicatePairDto) {}

export class MergeRecordsDto {
  @ApiProperty({ format: 'uuid', description: 'The record merged into this one and then moved to the trash' })
  @IsUUID()
  sourceId: string;

  @ApiPropertyOptional({ minimum: 1, description: 'The version of the record that stays, as you read it' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
