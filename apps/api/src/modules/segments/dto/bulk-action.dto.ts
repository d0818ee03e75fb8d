import type { Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { TagsProperty } from '../../../core/records/contact-points.dto.js';
import { ListCompaniesQueryDto } from '../../companies/dto/company.dto.js';
import { ListContactsQueryDto } from '../../contacts/dto/contact.dto.js';
import { ListDealsQueryDto } from '../../deals/dto/deal.dto.js';

export const BULK_ACTIONS = ['assignOwner', 'addTags', 'removeTags', 'delete'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const MAX_BULK_IDS = 1000;

/** The body of a bulk action on the records of one list, whose query class selects by filter. */
function BulkActionOf<Filter>(filter: ClassType<Filter>, records: string) {
  abstract class BulkActionBody {
    @ApiProperty({
      enum: BULK_ACTIONS,
      enumName: 'BulkAction',
      description: '`assignOwner` needs `ownerId`, `addTags` and `removeTags` need `tags`; `delete` moves the records to the trash',
    })
    @IsIn(BULK_ACTIONS)
    action: BulkAction;

    @ApiPropertyOptional({ format: 'uuid', description: 'The new owner, for assignOwner; you must be allowed to hand records to them' })
    @IsOptional()
    @IsUUID()
    ownerId?: string;

    @TagsProperty()
    tags?: string[];

    @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_BULK_IDS, description: `These ${records}` })
    @IsOptional()
    @IsArray()
    @ArrayMinSize(1)
    @ArrayMaxSize(MAX_BULK_IDS)
    @IsUUID('all', { each: true })
    ids?: string[];

    @ApiPropertyOptional({
      type: filter,
      description: `Every ${records.replace(/s$/, '')} the list with these parameters shows you (paging, sort and trash parameters aside)`,
    })
    @IsOptional()
    @ValidateNested()
    @Type(() => filter)
    filter?: Filter;

    @ApiPropertyOptional({ format: 'uuid', description: 'Every record a segment you see matches for you' })
    @IsOptional()
    @IsUUID()
    segmentId?: string;
  }
  return BulkActionBody;
}

export class BulkContactsDto extends BulkActionOf(ListContactsQueryDto, 'contacts') {}

export class BulkCompaniesDto extends BulkActionOf(ListCompaniesQueryDto, 'companies') {}

export class BulkDealsDto extends BulkActionOf(ListDealsQueryDto, 'deals') {}

export class BulkActionResultDto {
  @ApiProperty({ description: 'Records selected: the ids sent, or what the filter or segment shows you' })
  matched: number;

  @ApiProperty({ description: 'Records changed, each with an entry in its history' })
  changed: number;

  @ApiProperty({ description: 'Records within reach that already were as asked (e.g. had the tag)' })
  unchanged: number;

  @ApiProperty({ description: 'Records left alone because they are missing or out of your reach for this action' })
  skipped: number;
}
