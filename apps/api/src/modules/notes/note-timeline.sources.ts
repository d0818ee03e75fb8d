import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import { AUDIT_CHANGE_COLUMNS, type AuditChangePayload, toChangeDetail } from '../timeline/audit-changes.source.js';
import type { TimelineSource } from '../timeline/timeline-source.js';
import type { NoteDto } from './dto/note.dto.js';
import { Note } from './note.entity.js';

/** A note as jsonb: timestamps arrive as text and are made ISO again in `detail`. */
type NotePayload = Omit<NoteDto, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };

/** The record's live notes, at the time they were written. */
export const noteItems: TimelineSource<NotePayload> = {
  kind: 'note',
  idType: 'uuid',
  columns: {
    occurredAt: 'n.createdAt',
    id: 'n.id',
    actorUserId: 'n.authorId',
    actorApiKeyId: 'CAST(NULL AS uuid)',
    payload:
      "jsonb_build_object('id', n.id, 'entity', n.entity, 'entityId', n.entityId, 'body', n.body, 'authorId', n.authorId, " +
      "'version', n.version, 'createdAt', n.createdAt, 'updatedAt', n.updatedAt)",
  },
  query: (manager, record) =>
    manager
      .createQueryBuilder()
      .from(Note, 'n')
      .where('n.entity = :recordKind AND n.entityId = :recordId AND n.deletedAt IS NULL', { recordKind: record.kind, recordId: record.id }),
  detail: (note) => ({
    note: { ...note, createdAt: new Date(note.createdAt).toISOString(), updatedAt: new Date(note.updatedAt).toISOString() },
  }),
};

/**
 * Edits and deletions of the record's notes (deleted ones included), from the audit log. Their creation is left
 * out: the note itself stands for it.
 */
export const noteChanges: TimelineSource<AuditChangePayload> = {
  kind: 'change',
  idType: 'bigint',
  columns: AUDIT_CHANGE_COLUMNS,
  query: (manager, record) =>
    manager
      .createQueryBuilder()
      .from(AuditEntry, 'a')
      .innerJoin(Note, 'n', "a.entity = 'note' AND a.entityId = n.id")
      .where("n.entity = :recordKind AND n.entityId = :recordId AND a.action <> 'create'", { recordKind: record.kind, recordId: record.id }),
  detail: toChangeDetail,
};
