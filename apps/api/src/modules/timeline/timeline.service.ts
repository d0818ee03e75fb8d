import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../core/auth/actor.js';
import { decodeCursor, encodeCursor, ListException } from '../../core/list/cursor-list.js';
import { assertWithinReach, type ClientRecordKind } from '../../core/records/record-reach.js';
import { dealStageChanges } from '../deals/deal-timeline.source.js';
import { noteChanges, noteItems } from '../notes/note-timeline.sources.js';
import { taskClosings, taskCreations } from '../tasks/task-timeline.sources.js';
import { recordChanges } from './audit-changes.source.js';
import type { ListTimelineQueryDto, TimelineItemDto, TimelinePageDto } from './dto/timeline.dto.js';
import { TIMELINE_KINDS, type TimelineKind, type TimelineRecord, type TimelineSource } from './timeline-source.js';

/** Every source of every record's timeline; a module that adds one (deals, tasks, calls) lists it here. */
const SOURCES: TimelineSource[] = [noteItems, noteChanges, recordChanges, dealStageChanges, taskCreations, taskClosings];

const CURSOR_SIGNATURE = 'timeline';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BIGINT = /^[1-9]\d{0,18}$/;

/** Strictly after this item, in the order (occurredAt, kind, id) descending. */
interface TimelineCursor {
  occurredAt: string;
  kind: TimelineKind;
  id: string;
}

interface TimelineRow {
  occurred_at: Date;
  kind: TimelineKind;
  id: string;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  actor_name: string | null;
  payload: unknown;
}

function invalidCursor(): ListException {
  return new ListException('invalid_cursor', 'The cursor is malformed or does not belong to a timeline.', {
    errors: [{ field: 'cursor', messages: ['cursor is not valid for this list'] }],
  });
}

function readCursor(cursor: string): TimelineCursor {
  const [occurredAt, kind, id] = decodeCursor(cursor, CURSOR_SIGNATURE, 3).map(String) as [string, TimelineKind, string];
  const source = SOURCES.find((candidate) => candidate.kind === kind);
  const validTime = !Number.isNaN(Date.parse(occurredAt)) && new Date(occurredAt).toISOString() === occurredAt;
  if (!source || !validTime || !(source.idType === 'uuid' ? UUID : BIGINT).test(id)) throw invalidCursor();
  return { occurredAt, kind, id };
}

/**
 * The keyset condition of one source. At the cursor's instant kinds sort descending, so items of a greater kind
 * were on earlier pages and those of a lesser kind are still to come; within the cursor's own kind the id decides.
 */
function afterCursor(source: TimelineSource, cursor: TimelineCursor): string {
  const { occurredAt, id } = source.columns;
  if (source.kind === cursor.kind) {
    return `(${occurredAt}, ${id}) < (CAST(:cursorAt AS timestamptz), CAST(:cursorId AS ${source.idType}))`;
  }
  return `${occurredAt} ${source.kind > cursor.kind ? '<' : '<='} CAST(:cursorAt AS timestamptz)`;
}

/**
 * Text that sorts like the source's ids under the "C" collation, so that the merged order matches each source's
 * own: canonical UUID text does, bigints need padding.
 */
function sortKey(source: TimelineSource): string {
  const text = `CAST(${source.columns.id} AS text)`;
  return source.idType === 'uuid' ? text : `lpad(${text}, 20, '0')`;
}

// UNION ALL matches columns by position, and the query builder may reorder a select list: each branch is wrapped.
const BRANCH_COLUMNS = 'occurred_at, kind, id, sort_key, actor_user_id, actor_api_key_id, payload';

/** One source's first `rows` items after the cursor, with the columns of BRANCH_COLUMNS. */
function branch(
  manager: EntityManager,
  actor: Actor,
  source: TimelineSource,
  record: TimelineRecord,
  cursor: TimelineCursor | null,
  rows: number,
): SelectQueryBuilder<ObjectLiteral> {
  const { occurredAt, id, actorUserId, actorApiKeyId, payload } = source.columns;
  const query = source
    .query(manager, record, actor)
    .select(occurredAt, 'occurred_at')
    // The kind is a constant of the code, never input.
    .addSelect(`'${source.kind}'`, 'kind')
    .addSelect(`CAST(${id} AS text)`, 'id')
    .addSelect(sortKey(source), 'sort_key')
    .addSelect(actorUserId, 'actor_user_id')
    .addSelect(actorApiKeyId, 'actor_api_key_id')
    .addSelect(payload, 'payload')
    .orderBy(occurredAt, 'DESC')
    .addOrderBy(id, 'DESC')
    .limit(rows);
  if (cursor) query.andWhere(afterCursor(source, cursor), { cursorAt: cursor.occurredAt, cursorId: cursor.id });
  return query;
}

function toItem(row: TimelineRow): TimelineItemDto {
  const source = SOURCES.find((candidate) => candidate.kind === row.kind)!;
  return {
    kind: row.kind,
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    actor: { userId: row.actor_user_id, name: row.actor_name, apiKeyId: row.actor_api_key_id },
    ...source.detail(row.payload),
  };
}

/**
 * A client record's timeline: its notes and its changes (its notes' too), newest first, behind one cursor.
 *
 * The sources are merged in SQL, as a UNION ALL of per-source keyset queries, each limited to one page: one round
 * trip and one pooled connection per page however many sources join, PostgreSQL reads at most a page from each
 * source's index, and only the page itself crosses the wire. Merging in the service would cost a query per source
 * (serial round trips, or a connection each in parallel) and ship up to a page from every source to keep one.
 */
@Injectable()
export class TimelineService {
  constructor(private readonly dataSource: DataSource) {}

  async listTimeline(actor: Actor, kind: ClientRecordKind, id: string, query: ListTimelineQueryDto): Promise<TimelinePageDto> {
    const manager = this.dataSource.manager;
    await assertWithinReach(manager, actor, kind, id, 'read');
    const cursor = query.cursor ? readCursor(query.cursor) : null;
    const kinds = query.kind?.length ? query.kind : TIMELINE_KINDS;
    const sources = SOURCES.filter((source) => kinds.includes(source.kind));
    const rows = query.limit + 1;
    const branches = sources.map((source) => branch(manager, actor, source, { kind, id }, cursor, rows));
    const sql = `
      SELECT t.occurred_at, t.kind, t.id, t.actor_user_id, t.actor_api_key_id, t.payload, u.name AS actor_name
      FROM (${branches.map((part) => `SELECT ${BRANCH_COLUMNS} FROM (${part.getQuery()}) branch`).join(' UNION ALL ')}) t
      LEFT JOIN users u ON u.id = t.actor_user_id
      ORDER BY t.occurred_at DESC, t.kind COLLATE "C" DESC, t.sort_key COLLATE "C" DESC
      LIMIT :rows`;
    const parameters = Object.assign({ rows }, ...branches.map((part) => part.getParameters())) as ObjectLiteral;
    const found: TimelineRow[] = await manager.query(...this.dataSource.driver.escapeQueryWithParameters(sql, parameters));

    const items = found.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map(toItem),
      nextCursor: found.length > query.limit && last ? encodeCursor(CURSOR_SIGNATURE, [last.occurred_at.toISOString(), last.kind, last.id]) : null,
    };
  }
}
