import { type AuditAction, AuditEntry, type FieldChange } from '../../core/audit/audit-entry.entity.js';
import type { AuditedEntity } from '../../core/audit/audited-entities.js';
import type { TimelineItemDto } from './dto/timeline.dto.js';
import type { TimelineSource } from './timeline-source.js';

export interface AuditChangePayload {
  entity: AuditedEntity;
  entityId: string;
  action: AuditAction;
  changes: Record<string, FieldChange>;
}

/** Columns of an audit entry (aliased `a`) as a timeline item of kind change. */
export const AUDIT_CHANGE_COLUMNS: TimelineSource['columns'] = {
  occurredAt: 'a.createdAt',
  id: 'a.id',
  actorUserId: 'a.actorUserId',
  actorApiKeyId: 'a.actorApiKeyId',
  payload: "jsonb_build_object('entity', a.entity, 'entityId', a.entityId, 'action', a.action, 'changes', a.changes)",
};

export function toChangeDetail(payload: AuditChangePayload): Pick<TimelineItemDto, 'change'> {
  return { change: payload };
}

/** Field-level changes of the record itself, from the audit log. */
export const recordChanges: TimelineSource<AuditChangePayload> = {
  kind: 'change',
  idType: 'bigint',
  columns: AUDIT_CHANGE_COLUMNS,
  query: (manager, record) =>
    manager
      .createQueryBuilder()
      .from(AuditEntry, 'a')
      .where('a.entity = :recordKind AND a.entityId = :recordId', { recordKind: record.kind, recordId: record.id }),
  detail: toChangeDetail,
};
