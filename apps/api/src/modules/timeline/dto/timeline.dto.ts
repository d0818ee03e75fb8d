import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuditAction } from '../../../core/audit/audit-entry.entity.js';
import type { AuditedEntity } from '../../../core/audit/audited-entities.js';
import type { FieldChangeDto } from '../../../core/audit/dto/audit.dto.js';
import { EnumListFilter } from '../../../core/list/list-filters.js';
import { PageQueryDto } from '../../../core/list/page-query.dto.js';
import { PageOf } from '../../../core/list/page.dto.js';
import { STAGE_EVENTS, type StageEvent } from '../../deals/deal-stage-change.entity.js';
import { NoteDto } from '../../notes/dto/note.dto.js';
import { TimelineTaskDto } from '../../tasks/dto/task-timeline.dto.js';
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
  @ApiProperty({ enum: ['contact', 'company', 'deal', 'note'], description: 'What changed: the record itself or one of its notes' })
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

export class TimelineDealStageDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;
}

/** A deal created, moved to another stage, won, lost or reopened. */
export class TimelineDealDto {
  @ApiProperty({ enum: STAGE_EVENTS, enumName: 'DealStageEvent' })
  event: StageEvent;

  @ApiProperty({ format: 'uuid' })
  dealId: string;

  @ApiProperty({ description: "The deal's title now" })
  title: string;

  @ApiProperty({ type: TimelineDealStageDto, nullable: true, description: 'The stage it left; null on creation, or once the stage is gone' })
  fromStage: TimelineDealStageDto | null;

  @ApiProperty({ type: TimelineDealStageDto, nullable: true, description: 'The stage it entered; null once the stage is gone' })
  toStage: TimelineDealStageDto | null;

  @ApiProperty({ example: '12500.00', description: "The deal's amount now, a decimal string with the currency's minor digits" })
  amount: string;

  @ApiProperty({ example: 'EUR' })
  currency: string;
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

  @ApiPropertyOptional({ type: TimelineDealDto, description: 'Set on items of kind deal' })
  deal?: TimelineDealDto;

  @ApiPropertyOptional({ type: TimelineTaskDto, description: 'Set on items of kind task: a task about the record created, completed or cancelled' })
  task?: TimelineTaskDto;
}

export class TimelinePageDto extends PageOf(TimelineItemDto) {}
