import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../../core/list/page-query.dto.js';
import { PageOf } from '../../../core/list/page.dto.js';
import type { Notification } from '../notification.entity.js';

export class ListNotificationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only the unread ones' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'What happened, e.g. `task_reminder`, `task_assigned`', example: 'task_reminder' })
  kind: string;

  @ApiProperty({ description: 'One line to show, e.g. the task title' })
  title: string;

  @ApiProperty({ nullable: true, type: String, description: "Details in the user's language, e.g. the due time" })
  body: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Kind of the record it is about, for a link (contact, company, deal…)' })
  entity: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  entityId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The task it is about' })
  taskId: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the user marked it read; null while unread' })
  readAt: string | null;
}

export class NotificationPageDto extends PageOf(NotificationDto) {}

export class UnreadCountDto {
  @ApiProperty({ minimum: 0 })
  unread: number;
}

export class MarkedReadDto {
  @ApiProperty({ minimum: 0, description: 'How many were unread and are now read' })
  marked: number;
}

export function toNotificationDto(row: Notification): NotificationDto {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    entity: row.entity,
    entityId: row.entityId,
    taskId: row.taskId,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
  };
}
