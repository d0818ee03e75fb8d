import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { levelFor, ownerCondition, scopeToActor } from '../../core/access/access.js';
import type { Actor } from '../../core/auth/actor.js';
import { AuthException } from '../../core/auth/auth.errors.js';
import { decodeCursor, encodeCursor } from '../../core/list/cursor-list.js';
import type { ClientRecordKeys } from '../../core/records/contact-keys.js';
import { DUPLICATE_KINDS, type DuplicateEntity, type DuplicateKey, type DuplicateKind, type DuplicateReason } from './duplicate-kinds.js';
import { DuplicatesException } from './duplicates.errors.js';
import type { DuplicatePageDto, DuplicateRecordDto, ListDuplicatesQueryDto } from './dto/duplicates.dto.js';

/** An existing record that shares keys with the one being written. */
export interface DuplicateCandidate {
  id: string;
  title: string;
  ownerId: string | null;
  /** Whether the actor may read it: callers show only those, and count the rest. */
  readable: boolean;
  matched: { field: DuplicateKey; value: string }[];
}

/** One record's keys to look for, and the record itself to leave out when it exists already. */
export interface DuplicateLookup {
  keys: ClientRecordKeys;
  excludeId?: string;
}

/** Candidates per looked-up record, oldest first; enough to show or to pick one, never an unbounded list. */
export const MAX_CANDIDATES = 20;

/**
 * Records examined per page of the duplicates view. Pairs are found by walking the records in id order and probing the
 * key indexes for each, so a page costs at most this many probes however rare duplicates are; a page may therefore
 * hold fewer pairs than asked (even none) and still have a next cursor.
 */
const SCAN_BUDGET = 2000;

const FIRST_ID = '00000000-0000-0000-0000-000000000000';
const LAST_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

interface CandidateRow {
  idx: number;
  id: string;
  title: string;
  owner_id: string | null;
  readable: boolean;
  emails_normalized: string[];
  phones_normalized: string[];
  tax_id_normalized: string | null;
}

interface PairRow {
  first_id: string;
  second_id: string;
  reasons: DuplicateReason[];
}

function matchedKeys(keys: ClientRecordKeys, row: CandidateRow): DuplicateCandidate['matched'] {
  return [
    ...(keys.emailsNormalized ?? []).filter((email) => row.emails_normalized.includes(email)).map((value) => ({ field: 'email' as const, value })),
    ...(keys.phonesNormalized ?? []).filter((phone) => row.phones_normalized.includes(phone)).map((value) => ({ field: 'phone' as const, value })),
    ...(keys.taxIdNormalized && keys.taxIdNormalized === row.tax_id_normalized ? [{ field: 'taxId' as const, value: keys.taxIdNormalized }] : []),
  ];
}

/**
 * SQL over two aliases of one kind's table: what makes `b` a likely duplicate of `a` (shared keys, or a near-equal
 * name at the same company), and whether anything does.
 */
function sharedKeys(kind: DuplicateKind): { reasons: string; any: string } {
  const ways = [
    ['email', 'b.emails_normalized && a.emails_normalized'],
    ['phone', 'b.phones_normalized && a.phones_normalized'],
    ...(kind.hasTaxId ? [['taxId', 'b.tax_id_normalized = a.tax_id_normalized']] : []),
    ...(kind.nameSimilarity
      ? [['name', `b.company_id = a.company_id AND similarity(lower(b.${kind.title}), lower(a.${kind.title})) >= ${kind.nameSimilarity}`]]
      : []),
  ];
  return {
    reasons: `array_remove(ARRAY[${ways.map(([reason, condition]) => `CASE WHEN ${condition} THEN '${reason}' END`).join(', ')}], NULL)`,
    any: ways.map(([, condition]) => `(${condition})`).join(' OR '),
  };
}

/**
 * Duplicate detection by normalized keys (contact-keys.ts): the check before a create or an update, the lookup an
 * import dedupes with, and the list of likely pairs to merge.
 */
@Injectable()
export class DuplicatesService {
  constructor(private readonly dataSource: DataSource) {}

  /** Existing live records sharing an email, phone or tax id with `keys`. */
  async findDuplicates(
    actor: Actor,
    entity: DuplicateEntity,
    keys: ClientRecordKeys,
    options: { excludeId?: string; manager?: EntityManager } = {},
  ): Promise<DuplicateCandidate[]> {
    const [candidates] = await this.findDuplicatesMany(actor, entity, [{ keys, excludeId: options.excludeId }], options.manager);
    return candidates!;
  }

  /**
   * The same for many records at once, in one query (an import batch): the candidates of each lookup, in the order of
   * `lookups`. Each lookup probes the key indexes on its own, so the cost grows with the batch, not with the table.
   */
  async findDuplicatesMany(
    actor: Actor,
    entity: DuplicateEntity,
    lookups: DuplicateLookup[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DuplicateCandidate[][]> {
    const kind = DUPLICATE_KINDS[entity];
    const inputs = lookups.map(({ keys, excludeId }, idx) => ({
      idx,
      emails: keys.emailsNormalized ?? [],
      phones: keys.phonesNormalized ?? [],
      tax_id: keys.taxIdNormalized ?? null,
      exclude_id: excludeId ?? null,
    }));
    const sql = `
      SELECT i.idx, r.id, r.${kind.title} AS title, r.owner_id, r.emails_normalized, r.phones_normalized,
             ${kind.hasTaxId ? 'r.tax_id_normalized' : 'NULL AS tax_id_normalized'},
             COALESCE(${ownerCondition(levelFor(actor, entity, 'read'), 'r.owner_id')}, false) AS readable
      FROM jsonb_to_recordset(CAST(:inputs AS jsonb)) AS i (idx int, emails text[], phones text[], tax_id text, exclude_id uuid)
      CROSS JOIN LATERAL (
        -- OFFSET 0 keeps the key lookup a subquery of its own: otherwise the planner, expecting many matches, walks
        -- the created_at index of the whole table to serve ORDER BY ... LIMIT instead of probing the key indexes.
        SELECT * FROM (
          SELECT * FROM ${kind.table} r
          WHERE r.deleted_at IS NULL AND r.id IS DISTINCT FROM i.exclude_id
            AND (r.emails_normalized && i.emails OR r.phones_normalized && i.phones${kind.hasTaxId ? ' OR r.tax_id_normalized = i.tax_id' : ''})
          OFFSET 0
        ) r
        ORDER BY r.created_at, r.id
        LIMIT ${MAX_CANDIDATES}
      ) r
      ORDER BY i.idx, r.created_at, r.id`;
    const rows = await this.run<CandidateRow>(manager, sql, { inputs: JSON.stringify(inputs), ...this.accessParameters(actor) });
    const found: DuplicateCandidate[][] = lookups.map(() => []);
    for (const row of rows) {
      found[row.idx]!.push({ id: row.id, title: row.title, ownerId: row.owner_id, readable: row.readable, matched: matchedKeys(lookups[row.idx]!.keys, row) });
    }
    return found;
  }

  /**
   * Refuses (409 duplicate_suspected) a write whose keys another live record has, unless forced. On update (`id`) only
   * keys the record does not have yet count, so that editing one of two known duplicates does not ask again; a record
   * out of the actor's update reach is left to the update itself, which answers 404.
   */
  async assertNoDuplicates(
    actor: Actor,
    entity: DuplicateEntity,
    keys: ClientRecordKeys,
    options: { id?: string; force?: boolean } = {},
  ): Promise<void> {
    if (options.force) return;
    let added = keys;
    if (options.id) {
      const current = await this.currentKeys(actor, entity, options.id);
      if (!current) return;
      added = {
        emailsNormalized: keys.emailsNormalized?.filter((email) => !current.emails_normalized.includes(email)),
        phonesNormalized: keys.phonesNormalized?.filter((phone) => !current.phones_normalized.includes(phone)),
        taxIdNormalized: keys.taxIdNormalized !== current.tax_id_normalized ? keys.taxIdNormalized : null,
      };
    }
    if (!added.emailsNormalized?.length && !added.phonesNormalized?.length && !added.taxIdNormalized) return;
    const candidates = await this.findDuplicates(actor, entity, added, { excludeId: options.id });
    if (candidates.length) throw DuplicatesException.suspected(entity, candidates);
  }

  /**
   * Likely pairs among the records the actor may read, both sides readable, in the order of the first record's id then
   * the second's. The walk over the first records is bounded per page (SCAN_BUDGET).
   */
  async listDuplicates(actor: Actor, query: ListDuplicatesQueryDto): Promise<DuplicatePageDto> {
    const { entity, limit } = query;
    const level = levelFor(actor, entity, 'read');
    if (level === 'none') {
      throw new AuthException('permission_denied', `Your role may not read ${entity} records.`);
    }
    const kind = DUPLICATE_KINDS[entity];
    const signature = `duplicates:${entity}`;
    const [afterFirst, afterSecond] = query.cursor ? (decodeCursor(query.cursor, signature, 2) as string[]) : [FIRST_ID, FIRST_ID];
    const shared = sharedKeys(kind);
    const walk = `FROM ${kind.table} a WHERE a.deleted_at IS NULL AND ${ownerCondition(level, 'a.owner_id')} AND a.id >= CAST(:afterFirst AS uuid) ORDER BY a.id`;
    const parameters = { afterFirst, afterSecond, ...this.accessParameters(actor) };
    // The pairs come out in (first, second) order as the walk goes, so the LIMIT stops it as soon as the page is full.
    const pairs = await this.run<PairRow>(
      this.dataSource.manager,
      `SELECT a.id AS first_id, b.id AS second_id, b.reasons
       FROM (SELECT a.* ${walk} LIMIT ${SCAN_BUDGET}) a
       CROSS JOIN LATERAL (
         SELECT b.id, ${shared.reasons} AS reasons FROM ${kind.table} b
         WHERE b.id > a.id AND b.deleted_at IS NULL AND ${ownerCondition(level, 'b.owner_id')} AND (${shared.any})
       ) b
       WHERE (a.id, b.id) > (CAST(:afterFirst AS uuid), CAST(:afterSecond AS uuid))
       ORDER BY a.id, b.id
       LIMIT ${limit + 1}`,
      parameters,
    );
    const page = pairs.slice(0, limit);
    const last = page.at(-1);
    let nextCursor: string | null = null;
    if (pairs.length > limit && last) {
      nextCursor = encodeCursor(signature, [last.first_id, last.second_id]);
    } else {
      // A short page: the walk either reached the end or used up its budget, and then the next page starts after it.
      const [budgetEnd] = await this.run<{ id: string }>(this.dataSource.manager, `SELECT a.id ${walk} OFFSET ${SCAN_BUDGET - 1} LIMIT 1`, parameters);
      if (budgetEnd) nextCursor = encodeCursor(signature, [budgetEnd.id, LAST_ID]);
    }

    const records = await this.summaries(entity, page.flatMap((pair) => [pair.first_id, pair.second_id]));
    return {
      items: page.map((pair) => ({ first: records.get(pair.first_id)!, second: records.get(pair.second_id)!, reasons: pair.reasons })),
      nextCursor,
    };
  }

  /** The keys a record has now, if it is live and within the actor's update reach. */
  private async currentKeys(
    actor: Actor,
    entity: DuplicateEntity,
    id: string,
  ): Promise<Pick<CandidateRow, 'emails_normalized' | 'phones_normalized' | 'tax_id_normalized'> | undefined> {
    const kind = DUPLICATE_KINDS[entity];
    const record = this.dataSource
      .createQueryBuilder()
      .select(['r.emails_normalized AS emails_normalized', 'r.phones_normalized AS phones_normalized'])
      .addSelect(kind.hasTaxId ? 'r.tax_id_normalized' : 'NULL', 'tax_id_normalized')
      .from(kind.table, 'r')
      .where('r.id = :id AND r.deleted_at IS NULL', { id });
    return scopeToActor(record, actor, entity, 'update').getRawOne();
  }

  /** Both sides of a page's pairs, in one query. */
  private async summaries(entity: DuplicateEntity, ids: string[]): Promise<Map<string, DuplicateRecordDto>> {
    if (!ids.length) return new Map();
    const kind = DUPLICATE_KINDS[entity];
    const rows: {
      id: string;
      title: string;
      subtitle: string | null;
      emails: { value: string }[];
      phones: { value: string }[];
      tax_id: string | null;
      owner_id: string | null;
      created_at: Date;
      version: number;
    }[] = await this.dataSource.query(
      `SELECT id, ${kind.title} AS title, ${entity === 'contact' ? 'position' : 'legal_name'} AS subtitle, emails, phones,
              ${kind.hasTaxId ? 'tax_id' : 'NULL AS tax_id'}, owner_id, created_at, version
       FROM ${kind.table} WHERE id = ANY($1)`,
      [[...new Set(ids)]],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          title: row.title,
          subtitle: row.subtitle,
          emails: row.emails.map((email) => email.value),
          phones: row.phones.map((phone) => phone.value),
          taxId: row.tax_id,
          ownerId: row.owner_id,
          createdAt: row.created_at.toISOString(),
          version: row.version,
        },
      ]),
    );
  }

  private accessParameters(actor: Actor): Record<string, unknown> {
    return { accessUserId: actor.userId, accessTeamId: actor.teamId };
  }

  /** A raw query with named parameters, as the query builder takes them (`:name`), for SQL it cannot build. */
  private run<Row>(manager: EntityManager, sql: string, parameters: Record<string, unknown>): Promise<Row[]> {
    const [text, values] = manager.connection.driver.escapeQueryWithParameters(sql, parameters);
    return manager.query(text, values);
  }
}
