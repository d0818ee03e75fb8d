import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../core/auth/actor.js';
import type { ClientRecordKind } from '../../core/records/record-reach.js';
import type { TimelineItemDto } from './dto/timeline.dto.js';

/** What a record's timeline shows; deals, tasks, calls and documents join as sources of their own kinds. */
export const TIMELINE_KINDS = ['note', 'change', 'deal', 'task'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineRecord {
  kind: ClientRecordKind;
  id: string;
}

/**
 * One kind of thing that happened to a record. A source describes its rows and the service pages through all of
 * them at once, newest first, ordered by (occurredAt, kind, id): so an id must be unique within its kind, and
 * sources sharing a kind must share the id space and the payload (both change sources read audit_log).
 */
export interface TimelineSource<Payload = unknown> {
  readonly kind: TimelineKind;
  /** SQL type of the ids, to compare a cursor's id in the source's own order. */
  readonly idType: 'uuid' | 'bigint';
  /**
   * SQL expressions over `query`'s aliases: when it happened (timestamptz) and the item's id, which an index on
   * (…, occurredAt, id) should serve; who did it (uuid or NULL); the kind's details (jsonb), read back by `detail`.
   */
  readonly columns: { occurredAt: string; id: string; actorUserId: string; actorApiKeyId: string; payload: string };
  /**
   * FROM, joins and conditions for one record's items, with the record as the named parameters `recordKind` and
   * `recordId`; the service adds the select list, the cursor, the order and the limit. The actor has read access
   * to the record; a source showing other owned records (deals on a contact) narrows them to the actor's level.
   */
  query(manager: EntityManager, record: TimelineRecord, actor: Actor): SelectQueryBuilder<ObjectLiteral>;
  /** The kind's part of an item, e.g. `{ note }`. */
  detail(payload: Payload): Pick<TimelineItemDto, 'note' | 'change' | 'deal' | 'task'>;
}
