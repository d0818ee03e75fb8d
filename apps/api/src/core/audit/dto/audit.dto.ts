import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../list/page-query.dto.js';
import type { Entity } from '@crm/permissions';
import type { AuditEntry } from '../audit-entry.entity.js';
import { AUDITED_ENTITIES } from '../audited-entities.js';
import { PageOf } from '../../list/page.dto.js';

export class AuditQueryDto extends PageQueryDto {
  @ApiProperty({ enum: AUDITED_ENTITIES, description: 'Kind of the audited record' })
  @IsIn(AUDITED_ENTITIES)
  entity: Entity;

  @ApiProperty({ format: 'uuid', description: 'Id of the audited record' })
  @IsUUID()
  id: string;
}

export class FieldChangeDto {
  @ApiProperty({ description: 'Value before the change (null when absent)', nullable: true })
  from: unknown;

  @ApiProperty({ description: 'Value after the change (null when absent)', nullable: true })
  to: unknown;
}

export class AuditEntryDto {
  @ApiProperty({ example: '1042' })
  id: string;

  @ApiProperty({ example: 'contact' })
  entity: string;

  @ApiProperty({ format: 'uuid' })
  entityId: string;

  @ApiProperty({ enum: ['create', 'update', 'delete', 'restore', 'merge'] })
  action: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'User who made the change' })
  actorUserId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'API key the change came through' })
  actorApiKeyId: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/FieldChangeDto' },
    description: 'Changed fields with their values before and after',
  })
  changes: Record<string, FieldChangeDto>;

  @ApiProperty({ type: String, nullable: true })
  requestId: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class AuditPageDto extends PageOf(AuditEntryDto) {}

export function toAuditEntryDto(entry: AuditEntry): AuditEntryDto {
  return {
    id: entry.id,
    entity: entry.entity,
    entityId: entry.entityId,
    action: entry.action,
    actorUserId: entry.actorUserId,
    actorApiKeyId: entry.actorApiKeyId,
    changes: entry.changes,
    requestId: entry.requestId,
    createdAt: entry.createdAt.toISOString(),
  };
}
