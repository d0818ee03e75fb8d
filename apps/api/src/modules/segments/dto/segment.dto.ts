import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { Absent } from '../../../core/http/validation.js';
import { PageQueryDto } from '../../../core/list/page-query.dto.js';
import { PageOf } from '../../../core/list/page.dto.js';
import { VersionedRecordDto, versionedFields } from '../../../core/records/record.dto.js';
import { SEGMENT_ENTITIES, SEGMENT_VISIBILITIES, type Segment, type SegmentEntity, type SegmentVisibility } from '../segment.entity.js';

const FILTER_DESCRIPTION =
  'The list filter, as the parameters of GET /api/v1/contacts or /api/v1/companies take it (e.g. ' +
  '`{ "status": ["lead"], "tag": ["vip"], "tagMatch": "any", "noActivityDays": 30, "cf": ["region:eq:north"] }`), ' +
  'validated the same way. Paging, sort and trash parameters are not part of a segment. A filter on open deals ' +
  'will join once deals exist.';

export class CreateSegmentDto {
  @ApiProperty({ enum: SEGMENT_ENTITIES, enumName: 'SegmentEntity' })
  @IsIn(SEGMENT_ENTITIES)
  entity: SegmentEntity;

  @ApiProperty({ minLength: 1, maxLength: 120, example: 'Riga leads without contact for a month' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({ enum: SEGMENT_VISIBILITIES, enumName: 'SegmentVisibility', default: 'private', description: '`team`: the owner\'s team sees and applies it too' })
  @Absent()
  @IsIn(SEGMENT_VISIBILITIES)
  visibility?: SegmentVisibility;

  @ApiProperty({ type: 'object', additionalProperties: true, description: FILTER_DESCRIPTION })
  @IsObject()
  filter: Record<string, unknown>;
}

export class UpdateSegmentDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @Absent()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ enum: SEGMENT_VISIBILITIES, enumName: 'SegmentVisibility' })
  @Absent()
  @IsIn(SEGMENT_VISIBILITIES)
  visibility?: SegmentVisibility;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: FILTER_DESCRIPTION })
  @Absent()
  @IsObject()
  filter?: Record<string, unknown>;

  @ApiPropertyOptional({ minimum: 1, description: 'The version being changed; or send If-Match' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ListSegmentsQueryDto extends PageQueryDto {
  @ApiProperty({ enum: SEGMENT_ENTITIES, enumName: 'SegmentEntity' })
  @IsIn(SEGMENT_ENTITIES)
  entity: SegmentEntity;

  @ApiPropertyOptional({ default: false, description: 'Also count, per segment, the records it matches that you may read' })
  @IsOptional()
  // Query strings carry text; only the two spellings of a boolean are accepted.
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  withCounts?: boolean;
}

export class SegmentDto extends VersionedRecordDto {
  @ApiProperty({ enum: SEGMENT_ENTITIES, enumName: 'SegmentEntity' })
  entity: SegmentEntity;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: SEGMENT_VISIBILITIES, enumName: 'SegmentVisibility' })
  visibility: SegmentVisibility;

  @ApiProperty({ format: 'uuid', description: 'Who saved it; only they may change or delete it' })
  ownerId: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The list parameters it applies' })
  filter: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    description:
      'With withCounts=true: how many records it matches among those you may read; null when its filter no longer ' +
      'applies (e.g. it names a custom field that was deleted)',
  })
  count?: number | null;
}

export class SegmentPageDto extends PageOf(SegmentDto) {}

export function toSegmentDto(segment: Segment, count?: number | null): SegmentDto {
  return {
    ...versionedFields(segment),
    entity: segment.entity,
    name: segment.name,
    visibility: segment.visibility,
    ownerId: segment.ownerId,
    filter: segment.filter,
    ...(count !== undefined && { count }),
  };
}
