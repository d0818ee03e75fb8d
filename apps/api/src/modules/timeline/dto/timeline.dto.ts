import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuditAction } from '../../../core/audit/audit-entry.entity.js';
import type { AuditedEntity } from '../../../core/audit/audited-entities.js';
import type { FieldChangeDto } from '../../../core/audit/dto/audit.dto.js';
import { EnumListFilter } from '../../../core/list/list-filters.js';
import { PageQueryDto } from '../../../core/list/page-query.dto.js';
import { PageOf } from '../../../core/list/page.dto.js';
import { NoteDto } from '../../notes/dto/note.dto.js';
import { TIMELINE_KINDS, type TimelineKind } from '../timeline-source.js';

export class ListTimelineQueryDto extends PageQueryDto {
  @EnumListFilter(TIMELINE_KINDS, 'TimelineKind', 'Only items of these kinds; all when left out')
  kind?: TimelineKind[];
}

export class TimelineActorDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The user, or the user an API key acts for' })
  userId: string | null;

  @ApiProperty({ type: String, nullable: true, description: "The user's name; null once the user is gone" })
  name: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The API key it came through, if any' })
  apiKeyId: string | null;
}

export class TimelineChangeDto {
  @ApiProperty({ enum: ['contact', 'company', 'note'], description: 'What changed: the record itself or one of its notes' })
  entity: AuditedEntity;

  @ApiProperty({ format: 'uuid' })
  entityId: string;

  @ApiProperty({ enum: ['create', 'update', 'delete', 'restore', 'merge'] })
  action: AuditAction;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/FieldChangeDto' },
    description: 'Changed fields with their values before and after',
  })
  changes: Record<string, FieldChangeDto>;
}

export class TimelineItemDto {
  @ApiProperty({ enum: TIMELINE_KINDS, enumName: 'TimelineKind' })
  kind: TimelineKind;

  @ApiProperty({ description: 'Id of the note or audit entry; unique within its kind' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt: string;

  @ApiProperty({ type: TimelineActorDto })
  actor: TimelineActorDto;

  @ApiPropertyOptional({ type: NoteDto, description: 'Set on items of kind note' })
  note?: NoteDto;

  @ApiPropertyOptional({ type: TimelineChangeDto, description: 'Set on items of kind change' })
  change?: TimelineChangeDto;
}

export class TimelinePageDto extends PageOf(TimelineItemDto) {}
