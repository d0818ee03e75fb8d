/**
 * The raw baseline the API is measured against: plain `node:http` and a `pg` pool of the API's size, answering the
 * benchmarked requests with the SQL the API issues for them (access scoping included) and the same JSON. No
 * framework, validation library or ORM: what is left is the floor the API's overhead is measured from.
 *
 *   DATABASE_URL=… JWT_SECRET=… PORT=3101 POOL_SIZE=10 [BASELINE_REPLAY=replay.json] node bench/dist/baseline-server.js
 *
 * Routes: GET /api/v1/contacts (status, tag, q, ownerId, sort, limit), GET /api/v1/contacts/:id,
 * GET /api/v1/pipelines/:id/board (perStage, closedWithinDays), POST /api/v1/deals/:id/stage ({ stageId, version }),
 * GET /api/v1/tasks/mine (view, limit, cursor), GET /api/v1/tasks/counters,
 * and any URL listed in BASELINE_REPLAY for the signed-in user, answered by replaying the statements the runner traced
 * from the API for that user and URL (global search, whose SQL depends on what the query looks like: a name, digits,
 * an email). GET /__bench/last-sql tells the SQL of the previous request, for the runner's check.
 *
 * The actor's team comes from the token; the API reads the current one (cached 5 s), the same for the bench users.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { type Action, type Entity, type Level, levelOf, matrixOfRole, type PartialMatrix, type PermissionMatrix } from '../../libs/permissions/dist/index.js';
import type { TracedQuery } from './sql-trace.js';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

// The same session settings as the API's pool (core/database/data-source.ts): no JIT.
const pool = new pg.Pool({
  connectionString: env('DATABASE_URL'),
  max: Number(env('POOL_SIZE', '10')),
  application_name: 'crm-bench-raw',
  options: '-c jit=off',
});
const secret = env('JWT_SECRET');
/** Traced statements by `${userId} ${path and query}`. */
const replay: Record<string, TracedQuery[]> = process.env.BASELINE_REPLAY ? JSON.parse(readFileSync(process.env.BASELINE_REPLAY, 'utf8')) : {};

const roles = new Map<string, PermissionMatrix>();
for (const row of (await pool.query<{ id: string; key: string; built_in: boolean; permissions: PartialMatrix }>('SELECT id, key, built_in, permissions FROM roles')).rows) {
  roles.set(row.id, matrixOfRole({ key: row.key, builtIn: row.built_in, permissions: row.permissions }));
}

interface Actor {
  userId: string;
  teamId: string | null;
  permissions: PermissionMatrix;
}

class HttpError extends Error {
  constructor(readonly status: number) {
    super(String(status));
  }
}

/** HS256 access token as the API issues them: signature, issuer, type and expiry. */
function authenticate(request: IncomingMessage): Actor {
  const token = request.headers.authorization?.startsWith('Bearer ') ? request.headers.authorization.slice(7) : null;
  const [header, payload, signature] = token?.split('.') ?? [];
  if (!header || !payload || !signature) throw new HttpError(401);
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new HttpError(401);
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub: string; tid: string | null; rid: string; typ: string; iss: string; exp: number };
  if (claims.typ !== 'access' || claims.iss !== 'crm' || claims.exp * 1000 < Date.now()) throw new HttpError(401);
  const permissions = roles.get(claims.rid);
  if (!permissions) throw new HttpError(401);
  return { userId: claims.sub, teamId: claims.tid ?? null, permissions };
}

// ---------------------------------------------------------------------------------------------------------------
// Contacts: the statements the API runs for ContactsService (select list, aliases, parameter order and all): a list
// through TypeORM's query builder with the columns selected under their property names, one contact through the
// statement OwnedRecords.get writes by hand.

const CONTACT_COLUMNS: [column: string, property: string][] = [
  ['id', 'id'], ['owner_id', 'ownerId'], ['created_by_id', 'createdById'], ['tags', 'tags'], ['created_at', 'createdAt'],
  ['updated_at', 'updatedAt'], ['deleted_at', 'deletedAt'], ['version', 'version'], ['first_name', 'firstName'],
  ['middle_name', 'middleName'], ['last_name', 'lastName'], ['full_name', 'fullName'], ['position', 'position'],
  ['company_id', 'companyId'], ['emails', 'emails'], ['phones', 'phones'], ['address', 'address'], ['status', 'status'],
  ['lead_source', 'leadSource'], ['utm_source', 'utmSource'], ['utm_medium', 'utmMedium'], ['utm_campaign', 'utmCampaign'],
  ['utm_term', 'utmTerm'], ['utm_content', 'utmContent'], ['emails_normalized', 'emailsNormalized'],
  ['phones_normalized', 'phonesNormalized'], ['custom', 'custom'],
];
const selectContacts = (alias: string, from: string) =>
  `SELECT ${CONTACT_COLUMNS.map(([column, property]) => `"${alias}"."${column}" AS "${property}"`).join(', ')} FROM ${from}`;

const SORTABLE: Record<string, { column: string; value: (row: Row) => string }> = {
  createdAt: { column: 'created_at', value: (row) => (row.createdAt as Date).toISOString() },
  updatedAt: { column: 'updated_at', value: (row) => (row.updatedAt as Date).toISOString() },
  fullName: { column: 'full_name', value: (row) => row.fullName as string },
  status: { column: 'status', value: (row) => row.status as string },
};

type Row = Record<string, unknown>;

/** WHERE terms and parameters, built in the order the API adds them. */
class Where {
  readonly terms: string[] = [];
  readonly values: unknown[] = [];

  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  get sql(): string {
    return this.terms.join(' AND ');
  }
}

function scope(where: Where, actor: Actor, alias: string): void {
  const level: Level = levelOf(actor.permissions, 'contact', 'read');
  if (level === 'none') throw new HttpError(403);
  if (level === 'own') where.terms.push(`"${alias}"."owner_id" = ${where.param(actor.userId)}`);
  if (level === 'team') {
    const user = where.param(actor.userId);
    const team = where.param(actor.teamId);
    where.terms.push(`("${alias}"."owner_id" = ${user} OR "${alias}"."owner_id" IN (SELECT access_u.id FROM users access_u WHERE access_u.team_id = ${team}))`);
  }
}

function likePattern(text: string): string {
  return `%${text.trim().toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** The API's ContactDto, field for field and in its order. */
function toContact(row: Row) {
  return {
    id: row.id,
    createdAt: (row.createdAt as Date).toISOString(),
    updatedAt: (row.updatedAt as Date).toISOString(),
    version: row.version,
    tags: row.tags,
    ownerId: row.ownerId,
    createdById: row.createdById,
    deletedAt: (row.deletedAt as Date | null)?.toISOString() ?? null,
    firstName: row.firstName,
    middleName: row.middleName,
    lastName: row.lastName,
    fullName: row.fullName,
    position: row.position,
    companyId: row.companyId,
    emails: row.emails,
    phones: row.phones,
    address: row.address,
    status: row.status,
    leadSource: row.leadSource,
    utmSource: row.utmSource,
    utmMedium: row.utmMedium,
    utmCampaign: row.utmCampaign,
    utmTerm: row.utmTerm,
    utmContent: row.utmContent,
    custom: row.custom,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KNOWN_LIST_PARAMS = new Set(['status', 'tag', 'q', 'ownerId', 'sort', 'limit']);

async function listContacts(actor: Actor, params: URLSearchParams, sql: TracedQuery[]): Promise<unknown> {
  for (const name of params.keys()) if (!KNOWN_LIST_PARAMS.has(name)) throw new HttpError(400);
  const limit = Number(params.get('limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new HttpError(400);
  const sort = (params.get('sort') || '-createdAt').split(',').map((part) => {
    const descending = part.startsWith('-');
    const field = SORTABLE[descending ? part.slice(1) : part];
    if (!field) throw new HttpError(400);
    return { name: part, field, descending };
  });

  const where = new Where();
  where.terms.push('"c"."deleted_at" IS NULL');
  scope(where, actor, 'c');
  const owners = params.getAll('ownerId');
  if (owners.length) where.terms.push(`"c"."owner_id" IN (${owners.map((owner) => where.param(owner)).join(', ')})`);
  const tags = params.getAll('tag');
  if (tags.length) where.terms.push(`"c"."tags" @> CAST(${where.param(tags.map((tag) => tag.trim().toLowerCase()))} AS text[])`);
  const q = params.get('q');
  if (q?.trim()) where.terms.push(`c.search LIKE ${where.param(likePattern(q))}`);
  const statuses = params.getAll('status');
  if (statuses.length) where.terms.push(`"c"."status" IN (${statuses.map((status) => where.param(status)).join(', ')})`);

  const last = sort.at(-1)!;
  const order = [...sort.map((term) => `"c"."${term.field.column}" ${term.descending ? 'DESC' : 'ASC'}`), `"c"."id" ${last.descending ? 'DESC' : 'ASC'}`];
  const text = `${selectContacts('c', '"contacts" "c"')} WHERE ${where.sql} ORDER BY ${order.join(', ')} LIMIT ${limit + 1}`;
  sql.push({ text, values: where.values });
  const { rows } = await pool.query<Row>(text, where.values);

  const items = rows.slice(0, limit);
  const lastRow = items.at(-1);
  const signature = sort.map((term) => term.name).join(',');
  const nextCursor =
    rows.length > limit && lastRow
      ? Buffer.from(JSON.stringify([signature, [...sort.map((term) => term.field.value(lastRow)), lastRow.id]])).toString('base64url')
      : null;
  return { items: items.map(toContact), nextCursor };
}

async function getContact(actor: Actor, id: string, sql: TracedQuery[]): Promise<unknown> {
  if (!UUID.test(id)) throw new HttpError(400);
  const level: Level = levelOf(actor.permissions, 'contact', 'read');
  if (level === 'none') throw new HttpError(403);
  const scope = {
    all: 'TRUE',
    own: 'r.owner_id = $2',
    team: '(r.owner_id = $2 OR r.owner_id IN (SELECT access_u.id FROM users access_u WHERE access_u.team_id = $3))',
  }[level];
  const values = level === 'all' ? [id] : level === 'own' ? [id, actor.userId] : [id, actor.userId, actor.teamId];
  const text = `${selectContacts('r', '"contacts" r')} WHERE r.deleted_at IS NULL AND r.id = $1 AND ${scope}`;
  sql.push({ text, values });
  const { rows } = await pool.query<Row>(text, values);
  if (!rows[0]) throw new HttpError(404);
  return toContact(rows[0]);
}

/** Replays what the API ran for this exact URL: one client when it used a transaction, side by side otherwise. */
async function replayed(statements: TracedQuery[], sql: TracedQuery[]): Promise<unknown> {
  sql.push(...statements);
  const transactional = statements.some((statement) => /^\s*(BEGIN|START TRANSACTION)/i.test(statement.text));
  let results: pg.QueryResult<Row>[];
  if (transactional) {
    const client = await pool.connect();
    try {
      results = [];
      for (const statement of statements) results.push(await client.query<Row>(statement.text, statement.values));
    } finally {
      client.release();
    }
  } else {
    results = await Promise.all(statements.map((statement) => pool.query<Row>(statement.text, statement.values)));
  }
  return { results: results.filter((result) => result.command === 'SELECT').map((result) => result.rows) };
}

// ---------------------------------------------------------------------------------------------------------------
// Deals: the board's two statements (DealBoardService) and the stage move's transaction (DealStagesService), with
// the statements the API writes by hand, the same parameters in the same order, and the same JSON.

/** Positional parameters, numbered in the order they are added (the API's SqlParams). */
class Params {
  readonly values: unknown[] = [];

  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** core/access ownerCondition on `column` for the actor's level, with positional parameters; null for `all`. */
function ownerScope(params: Params, actor: Actor, entity: Entity, action: Action, column: string): string | null {
  const level = levelOf(actor.permissions, entity, action);
  if (level === 'all') return null;
  if (level === 'none') return 'FALSE';
  if (level === 'own') return `${column} = ${params.param(actor.userId)}`;
  const user = params.param(actor.userId);
  const team = params.param(actor.teamId);
  return `(${column} = ${user} OR ${column} IN (SELECT access_u.id FROM users access_u WHERE access_u.team_id = ${team}))`;
}

const digitsOf = new Map<string, number>();
function minorDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsOf.set(currency, digits);
  }
  return digits;
}

/** A stored numeric(19,4) with the currency's digits, never rounded ("12.5000" EUR reads "12.50"). */
function moneyText(value: string, currency: string): string {
  const digits = minorDigits(currency);
  const point = value.indexOf('.');
  const whole = point < 0 ? value : value.slice(0, point);
  const fraction = point < 0 ? '' : value.slice(point + 1).replace(/0+$/, '');
  const shown = fraction.length >= digits ? fraction : fraction.padEnd(digits, '0');
  return shown ? `${whole}.${shown}` : whole;
}

/** A sum of stored amounts (scale 4) rounded half-up to the currency's minor unit. */
function sumText(value: string, currency: string): string {
  const [, sign, whole, fraction = ''] = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value)!;
  const scaled = BigInt(whole! + fraction.slice(0, 4).padEnd(4, '0'));
  const digits = minorDigits(currency);
  const unit = 10n ** BigInt(4 - Math.min(digits, 4));
  const rounded = digits >= 4 ? scaled * 10n ** BigInt(digits - 4) : (scaled * 2n + unit) / (unit * 2n);
  const text = rounded.toString().padStart(digits + 1, '0');
  const negative = sign === '-' && rounded !== 0n;
  return `${negative ? '-' : ''}${text.slice(0, text.length - digits)}${digits > 0 ? `.${text.slice(text.length - digits)}` : ''}`;
}

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const since = (days: string) => `(CASE WHEN s.kind = 'open' THEN CAST('-infinity' AS timestamptz) ELSE now() - make_interval(days => ${days}) END)`;
const BOARD_PARAMS = new Set(['perStage', 'closedWithinDays']);

function intParam(params: URLSearchParams, name: string, minimum: number, maximum: number, fallback: number): number {
  const given = params.get(name);
  if (given === null) return fallback;
  const value = Number(given);
  if (!Number.isInteger(value) || value < minimum || value > maximum) throw new HttpError(400);
  return value;
}

interface CardRow {
  stage_id: string;
  id: string;
  title: string;
  amount: string;
  currency: string;
  status: string;
  stage_entered_at: string;
  expected_close_date: string | null;
  version: number;
  owner_id: string | null;
  owner_name: string | null;
  company_id: string | null;
  company_name: string;
  contact_id: string | null;
  contact_name: string;
  tags: string[];
  next_task_due_at: string | null;
  overdue: boolean;
  without_task: boolean;
}

interface BoardStage {
  id: string;
  name: string;
  color: string;
  probability: number;
  kind: string;
  position: number;
  count: number;
  sums: { currency: string; amount: string }[];
  items: ReturnType<typeof toCard>[];
  nextCursor: string | null;
}

function toCard(row: CardRow) {
  return {
    id: row.id,
    title: row.title,
    amount: moneyText(row.amount, row.currency),
    currency: row.currency,
    status: row.status,
    stageId: row.stage_id,
    stageEnteredAt: row.stage_entered_at,
    expectedCloseDate: row.expected_close_date,
    version: row.version,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    company: row.company_id === null ? null : { id: row.company_id, name: row.company_name },
    contact: row.contact_id === null ? null : { id: row.contact_id, fullName: row.contact_name },
    tags: row.tags,
    nextTaskDueAt: row.next_task_due_at,
    overdue: row.overdue,
    withoutTask: row.without_task,
  };
}

/** GET /api/v1/pipelines/:id/board: the stages with counts and sums, then the first cards of every stage. */
async function dealBoard(actor: Actor, pipelineId: string, query: URLSearchParams, sql: TracedQuery[]): Promise<unknown> {
  if (levelOf(actor.permissions, 'deal', 'read') === 'none') throw new HttpError(403);
  if (!UUID.test(pipelineId)) throw new HttpError(400);
  for (const name of query.keys()) if (!BOARD_PARAMS.has(name)) throw new HttpError(400);
  const perStage = intParam(query, 'perStage', 1, 50, 20);
  const closedWithinDays = intParam(query, 'closedWithinDays', 1, 3650, 30);

  const sums = new Params();
  const pipeline = sums.param(pipelineId);
  const days = sums.param(closedWithinDays);
  const terms = ['d.deleted_at IS NULL'];
  const scope = ownerScope(sums, actor, 'deal', 'read', 'd.owner_id');
  if (scope) terms.push(scope);
  const stagesText = `SELECT p.name AS pipeline_name, s.id, s.name, s.color, s.probability, s.kind, s.position, a.currency, a.count, a.amount
       FROM pipelines p
       LEFT JOIN pipeline_stages s ON s.pipeline_id = p.id
       LEFT JOIN LATERAL (
         SELECT d.currency, CAST(count(*) AS integer) AS count, sum(d.amount) AS amount
         FROM deals d
         WHERE d.stage_id = s.id AND d.stage_entered_at >= ${since(days)} AND ${terms.join(' AND ')}
         GROUP BY d.currency
       ) a ON true
       WHERE p.id = ${pipeline}
       ORDER BY s.position, s.id, a.currency`;
  sql.push({ text: stagesText, values: sums.values });
  const { rows: stageRows } = await pool.query<Row>(stagesText, sums.values);
  if (!stageRows.length) throw new HttpError(404);

  const stages: BoardStage[] = [];
  const byId = new Map<string, BoardStage>();
  for (const row of stageRows) {
    if (row.id === null) continue;
    let stage = byId.get(row.id as string);
    if (!stage) {
      stage = {
        id: row.id as string,
        name: row.name as string,
        color: row.color as string,
        probability: row.probability as number,
        kind: row.kind as string,
        position: row.position as number,
        count: 0,
        sums: [],
        items: [],
        nextCursor: null,
      };
      byId.set(stage.id, stage);
      stages.push(stage);
    }
    if (row.currency !== null) {
      stage.count += row.count as number;
      stage.sums.push({ currency: row.currency as string, amount: sumText(row.amount as string, row.currency as string) });
    }
  }

  if (stages.some((stage) => stage.count > 0)) {
    const params = new Params();
    const stagesOf = `s.pipeline_id = ${params.param(pipelineId)}`;
    const cardDays = params.param(closedWithinDays);
    const conditions = ['d.deleted_at IS NULL'];
    const dealScope = ownerScope(params, actor, 'deal', 'read', 'd.owner_id');
    if (dealScope) conditions.push(dealScope);
    const companyScope = ownerScope(params, actor, 'company', 'read', 'co.owner_id');
    const contactScope = ownerScope(params, actor, 'contact', 'read', 'c.owner_id');
    // The cards are picked from deals_board_idx alone, and only the picked ones are read from the table.
    const cardsText = `SELECT s.id AS stage_id, deal.id, deal.title, deal.amount, deal.currency, deal.status,
              ${ISO('deal.stage_entered_at')} AS stage_entered_at, to_char(deal.expected_close_date, 'YYYY-MM-DD') AS expected_close_date,
              deal.version, deal.owner_id, u.name AS owner_name, co.id AS company_id, co.name AS company_name,
              c.id AS contact_id, c.full_name AS contact_name, deal.tags,
              ${ISO('next_task.due_at')} AS next_task_due_at, coalesce(next_task.due_at < now(), false) AS overdue,
              deal.status = 'open' AND next_task.entity_id IS NULL AS without_task
       FROM pipeline_stages s
       CROSS JOIN LATERAL (
         SELECT d.id, d.stage_entered_at
         FROM deals d
         WHERE d.stage_id = s.id AND d.stage_entered_at >= ${since(cardDays)} AND ${conditions.join(' AND ')}
         ORDER BY d.stage_entered_at DESC, d.id DESC
         LIMIT ${params.param(perStage + 1)}
       ) picked 
       LEFT JOIN deals deal ON deal.id = picked.id
       LEFT JOIN users u ON u.id = deal.owner_id
       LEFT JOIN companies co ON co.id = deal.company_id AND co.deleted_at IS NULL${companyScope ? ` AND ${companyScope}` : ''}
       LEFT JOIN LATERAL (
         SELECT dc.contact_id FROM deal_contacts dc WHERE dc.deal_id = deal.id ORDER BY dc.position, dc.contact_id LIMIT 1
       ) main ON true
       LEFT JOIN contacts c ON c.id = main.contact_id AND c.deleted_at IS NULL${contactScope ? ` AND ${contactScope}` : ''}
       LEFT JOIN LATERAL (
         SELECT t.entity_id, t.due_at FROM tasks t
         WHERE t.entity_id = deal.id AND t.status = 'open' AND t.deleted_at IS NULL AND t.entity IS NOT NULL
         ORDER BY t.due_at, t.id LIMIT 1
       ) next_task ON true
       WHERE ${stagesOf}
       ORDER BY s.position, s.id, picked.stage_entered_at DESC, picked.id DESC`;
    sql.push({ text: cardsText, values: params.values });
    const { rows } = await pool.query<CardRow>(cardsText, params.values);
    for (const row of rows) {
      const stage = byId.get(row.stage_id)!;
      if (stage.items.length < perStage) stage.items.push(toCard(row));
      else {
        const last = stage.items.at(-1)!;
        stage.nextCursor = Buffer.from(JSON.stringify([`board:${stage.id}`, [last.stageEnteredAt, last.id]])).toString('base64url');
      }
    }
  }
  return { pipeline: { id: pipelineId, name: stageRows[0]!.pipeline_name }, stages };
}

/** The Deal entity's columns in its metadata's order, as `"alias"."column" AS "property"` (a date as its text). */
const DEAL_COLUMNS: readonly (readonly [string, string])[] = [
  ['id', 'id'], ['ownerId', 'owner_id'], ['createdById', 'created_by_id'], ['tags', 'tags'], ['createdAt', 'created_at'],
  ['updatedAt', 'updated_at'], ['deletedAt', 'deleted_at'], ['version', 'version'], ['title', 'title'], ['pipelineId', 'pipeline_id'],
  ['stageId', 'stage_id'], ['status', 'status'], ['stageEnteredAt', 'stage_entered_at'], ['amount', 'amount'], ['currency', 'currency'],
  ['expectedCloseDate', 'expected_close_date'], ['companyId', 'company_id'], ['leadSource', 'lead_source'], ['utmSource', 'utm_source'],
  ['utmMedium', 'utm_medium'], ['utmCampaign', 'utm_campaign'], ['utmTerm', 'utm_term'], ['utmContent', 'utm_content'], ['wonAt', 'won_at'],
  ['lostAt', 'lost_at'], ['lostReasonId', 'lost_reason_id'], ['lostComment', 'lost_comment'], ['nextStep', 'next_step'], ['custom', 'custom'],
];
const dealColumns = (alias: string) =>
  DEAL_COLUMNS.map(([property, column]) =>
    column === 'expected_close_date' ? `to_char("${alias}"."${column}", 'YYYY-MM-DD') AS "${property}"` : `"${alias}"."${column}" AS "${property}"`,
  ).join(', ');

const SUMMARY_SELECTIONS = `
  (SELECT json_build_object('id', co.id, 'name', co.name) FROM companies co WHERE co.id = d.company_id) AS "companySummary",
  (SELECT coalesce(json_agg(json_build_object('id', c.id, 'fullName', c.full_name) ORDER BY dc.position), '[]')
     FROM deal_contacts dc JOIN contacts c ON c.id = dc.contact_id WHERE dc.deal_id = d.id) AS "contactSummaries"`;

/** The locking read of a move per access level: $1 deal, $2 stage, $3 lost reason, then the scope's ids. */
function lockStatement(scope: string): string {
  return `SELECT ${dealColumns('d')}, s.kind AS "toKind", s.pipeline_id AS "toPipelineId",
          (SELECT lr.active FROM lost_reasons lr WHERE lr.id = $3) AS "lostReasonActive", ${SUMMARY_SELECTIONS}
        FROM deals d LEFT JOIN pipeline_stages s ON s.id = $2
        WHERE d.id = $1 AND d.deleted_at IS NULL AND ${scope}
        FOR UPDATE OF d`;
}
const LOCK_STATEMENTS = {
  all: lockStatement('TRUE'),
  own: lockStatement('d.owner_id = $4'),
  team: lockStatement('(d.owner_id = $4 OR d.owner_id IN (SELECT access_u.id FROM users access_u WHERE access_u.team_id = $5))'),
};

const MOVE_STATEMENT = `
      WITH moved AS (
        UPDATE deals d SET stage_id = $2, pipeline_id = $3, status = $4, stage_entered_at = now(),
          won_at = CASE WHEN $5::boolean THEN now() END, lost_at = CASE WHEN $6::boolean THEN now() END,
          lost_reason_id = $7, lost_comment = $8, version = d.version + 1, updated_at = now()
        WHERE d.id = $1
        RETURNING ${dealColumns('d')}
      ), history AS (
        INSERT INTO deal_stage_history (deal_id, pipeline_id, from_stage_id, to_stage_id, event, from_entered_at, changed_at, changed_by_id)
        VALUES ($1, $3, $9, $2, $10, $11, now(), $12)
      )
      SELECT * FROM moved`;

const AUDIT_STATEMENT = `INSERT INTO audit_log (entity, entity_id, action, actor_user_id, actor_api_key_id, changes, request_id)
       SELECT $1, e.entity_id, e.action, $2, $3, e.changes, $4 FROM jsonb_to_recordset($5::jsonb) AS e(entity_id uuid, action varchar, changes jsonb)`;

/** What the audit log keeps of a deal (dealSnapshot). */
function dealSnapshot(deal: Row): Record<string, unknown> {
  const snapshot: Record<string, unknown> = {
    title: deal.title,
    pipelineId: deal.pipelineId,
    stageId: deal.stageId,
    status: deal.status,
    amount: moneyText(deal.amount as string, deal.currency as string),
    currency: deal.currency,
    expectedCloseDate: deal.expectedCloseDate,
    companyId: deal.companyId,
    ownerId: deal.ownerId,
    tags: deal.tags,
    leadSource: deal.leadSource,
    utmSource: deal.utmSource,
    utmMedium: deal.utmMedium,
    utmCampaign: deal.utmCampaign,
    utmTerm: deal.utmTerm,
    utmContent: deal.utmContent,
    wonAt: deal.wonAt,
    lostAt: deal.lostAt,
    lostReasonId: deal.lostReasonId,
    lostComment: deal.lostComment,
    nextStep: deal.nextStep,
  };
  for (const [key, value] of Object.entries(deal.custom as Record<string, unknown>)) snapshot[`custom.${key}`] = value;
  return snapshot;
}

/** core/audit diffSnapshots: the fields whose JSON differs, dates as ISO text. */
function diffSnapshots(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
  const normalize = (value: unknown) => (value instanceof Date ? value.toISOString() : value === undefined ? null : value);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const from = normalize(before[field]);
    const to = normalize(after[field]);
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
  }
  return changes;
}

/** The API's DealDto, field for field and in its order. */
function toDeal(deal: Row, company: unknown, contacts: unknown) {
  return {
    id: deal.id,
    createdAt: (deal.createdAt as Date).toISOString(),
    updatedAt: (deal.updatedAt as Date).toISOString(),
    version: deal.version,
    tags: deal.tags,
    ownerId: deal.ownerId,
    createdById: deal.createdById,
    deletedAt: (deal.deletedAt as Date | null)?.toISOString() ?? null,
    title: deal.title,
    pipelineId: deal.pipelineId,
    stageId: deal.stageId,
    status: deal.status,
    stageEnteredAt: (deal.stageEnteredAt as Date).toISOString(),
    amount: moneyText(deal.amount as string, deal.currency as string),
    currency: deal.currency,
    expectedCloseDate: deal.expectedCloseDate,
    companyId: deal.companyId,
    company,
    contacts,
    leadSource: deal.leadSource,
    utmSource: deal.utmSource,
    utmMedium: deal.utmMedium,
    utmCampaign: deal.utmCampaign,
    utmTerm: deal.utmTerm,
    utmContent: deal.utmContent,
    wonAt: (deal.wonAt as Date | null)?.toISOString() ?? null,
    lostAt: (deal.lostAt as Date | null)?.toISOString() ?? null,
    lostReasonId: deal.lostReasonId,
    lostComment: deal.lostComment,
    nextStep: deal.nextStep,
    custom: deal.custom,
  };
}

const MOVE_FIELDS = new Set(['stageId', 'version', 'lostReasonId', 'lostComment']);

/**
 * POST /api/v1/deals/:id/stage in one transaction: lock the deal within the actor's update level together with the
 * target stage, check the version (409), update it and insert the history row (one statement), write the audit entry.
 */
async function moveDealStage(actor: Actor, id: string, body: unknown, requestId: string, sql: TracedQuery[]): Promise<ReturnType<typeof toDeal>> {
  const level = levelOf(actor.permissions, 'deal', 'update');
  if (level === 'none') throw new HttpError(403);
  if (!UUID.test(id)) throw new HttpError(400);
  const move = body as { stageId?: unknown; version?: unknown; lostReasonId?: unknown; lostComment?: unknown } | null;
  if (!move || typeof move !== 'object' || Object.keys(move).some((key) => !MOVE_FIELDS.has(key))) throw new HttpError(400);
  if (typeof move.stageId !== 'string' || !UUID.test(move.stageId) || !Number.isInteger(move.version) || (move.version as number) < 1) throw new HttpError(400);
  if (move.lostReasonId !== undefined && (typeof move.lostReasonId !== 'string' || !UUID.test(move.lostReasonId))) throw new HttpError(400);
  if (move.lostComment !== undefined && typeof move.lostComment !== 'string') throw new HttpError(400);
  const scopeParams = level === 'all' ? [] : level === 'own' ? [actor.userId] : [actor.userId, actor.teamId];

  const client = await pool.connect();
  const run = async (text: string, values: unknown[] = []) => {
    sql.push({ text, values });
    return (await client.query<Row>(text, values)).rows;
  };
  try {
    await run('START TRANSACTION');
    try {
      const before = (await run(LOCK_STATEMENTS[level], [id, move.stageId, move.lostReasonId ?? null, ...scopeParams]))[0];
      if (!before) throw new HttpError(404);
      if (before.toKind === null || before.toPipelineId === null) throw new HttpError(400);
      if (before.version !== move.version) throw new HttpError(409);
      if (before.stageId === move.stageId) {
        await run('COMMIT');
        return toDeal(before, before.companySummary, before.contactSummaries);
      }
      const toKind = before.toKind as string;
      if (toKind === 'lost' && (!move.lostReasonId || before.lostReasonActive !== true)) throw new HttpError(400);
      const event = toKind === 'won' ? 'won' : toKind === 'lost' ? 'lost' : before.status === 'open' ? 'moved' : 'reopened';
      const after = (
        await run(MOVE_STATEMENT, [
          id,
          move.stageId,
          before.toPipelineId,
          toKind,
          toKind === 'won',
          toKind === 'lost',
          toKind === 'lost' ? (move.lostReasonId ?? null) : null,
          toKind === 'lost' ? (move.lostComment ?? null) : null,
          before.stageId,
          event,
          before.stageEnteredAt,
          actor.userId,
        ])
      )[0]!;
      const changes = diffSnapshots(dealSnapshot(before), dealSnapshot(after));
      if (Object.keys(changes).length) {
        await run(AUDIT_STATEMENT, ['deal', actor.userId, null, requestId, JSON.stringify([{ entity_id: id, action: 'update', changes }])]);
      }
      await run('COMMIT');
      return toDeal(after, before.companySummary, before.contactSummaries);
    } catch (error) {
      await run('ROLLBACK');
      throw error;
    }
  } finally {
    client.release();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Tasks: my tasks (one view, a cursor page by due time, with the names of the linked records the actor may read) and
// the counters, with the statements TaskViewsService writes by hand and the same JSON (toTaskDto).

const TASK_COLUMNS: [column: string, property: string, timestamp?: true][] = [
  ['id', 'id'], ['title', 'title'], ['description', 'description'], ['type', 'type'], ['priority', 'priority'], ['status', 'status'],
  ['due_at', 'dueAt', true], ['time_zone', 'timeZone'], ['all_day', 'allDay'], ['duration_minutes', 'durationMinutes'],
  ['reminder_offsets', 'reminderOffsets'], ['recurrence', 'recurrence'], ['series_id', 'seriesId'], ['entity', 'entity'],
  ['entity_id', 'entityId'], ['completed_at', 'completedAt', true], ['completed_by_id', 'completedById'], ['result', 'result'],
  ['outcome', 'outcome'], ['tags', 'tags'], ['owner_id', 'ownerId'], ['created_by_id', 'createdById'], ['created_at', 'createdAt', true],
  ['updated_at', 'updatedAt', true], ['deleted_at', 'deletedAt', true], ['version', 'version'],
];
const taskColumns = (alias: string) =>
  TASK_COLUMNS.map(([column, property, timestamp]) => `${timestamp ? ISO(`${alias}.${column}`) : `${alias}.${column}`} AS "${property}"`).join(', ');
const TASK_SELECT = taskColumns('t');

/** The actor's day in their zone (users.time_zone) as scalar subqueries, the index range's runtime bounds. */
const dayStart = (user: string) =>
  `(SELECT date_trunc('day', now() AT TIME ZONE u.time_zone) AT TIME ZONE u.time_zone FROM users u WHERE u.id = ${user})`;
const dayEnd = (user: string) =>
  `(SELECT (date_trunc('day', now() AT TIME ZONE u.time_zone) + interval '1 day') AT TIME ZONE u.time_zone FROM users u WHERE u.id = ${user})`;
const TASK_VIEWS: Record<string, (user: string) => string> = {
  overdue: () => 't.due_at < now()',
  today: (user) => `t.due_at >= ${dayStart(user)} AND t.due_at < ${dayEnd(user)}`,
  upcoming: (user) => `t.due_at >= ${dayEnd(user)}`,
};
const TASK_RECORD_JOINS = [
  { kind: 'contact', table: 'contacts', alias: 'rc', title: 'full_name' },
  { kind: 'company', table: 'companies', alias: 'rco', title: 'name' },
  { kind: 'deal', table: 'deals', alias: 'rd', title: 'title' },
] as const;
const MY_TASKS_PARAMS = new Set(['view', 'limit', 'cursor']);
const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface TaskRow {
  id: string;
  title: string;
  description: string | null;
  type: string;
  priority: string;
  status: string;
  dueAt: string | null;
  timeZone: string;
  allDay: boolean;
  durationMinutes: number | null;
  reminderOffsets: number[];
  recurrence: { frequency: string; interval: number; until?: string | null } | null;
  seriesId: string | null;
  entity: string | null;
  entityId: string | null;
  completedAt: string | null;
  completedById: string | null;
  result: string | null;
  outcome: string | null;
  tags: string[];
  ownerId: string | null;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  version: number;
  recordTitle: string | null;
}

/** The API's TaskDto, field for field and in its order. */
function toTask(row: TaskRow, now: number) {
  const recurrence = row.recurrence;
  return {
    id: row.id,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
    tags: row.tags,
    ownerId: row.ownerId,
    createdById: row.createdById,
    deletedAt: row.deletedAt,
    title: row.title,
    description: row.description,
    type: row.type,
    priority: row.priority,
    status: row.status,
    dueAt: row.dueAt,
    timeZone: row.timeZone,
    allDay: row.allDay,
    durationMinutes: row.durationMinutes,
    reminderOffsets: row.reminderOffsets,
    recurrence: recurrence === null ? null : { frequency: recurrence.frequency, interval: recurrence.interval, until: recurrence.until ?? null },
    seriesId: row.seriesId,
    entity: row.entity,
    entityId: row.entityId,
    record: row.recordTitle === null ? null : { entity: row.entity, id: row.entityId, title: row.recordTitle },
    completedAt: row.completedAt,
    completedById: row.completedById,
    result: row.result,
    outcome: row.outcome,
    overdue: row.status === 'open' && row.dueAt !== null && Date.parse(row.dueAt) < now,
  };
}

/** GET /api/v1/tasks/mine: the actor's own open tasks of one view (overdue, today, upcoming), by due time. */
async function myTasks(actor: Actor, query: URLSearchParams, sql: TracedQuery[]): Promise<unknown> {
  if (levelOf(actor.permissions, 'task', 'read') === 'none') throw new HttpError(403);
  for (const name of query.keys()) if (!MY_TASKS_PARAMS.has(name)) throw new HttpError(400);
  const view = query.get('view') ?? 'today';
  if (!TASK_VIEWS[view]) throw new HttpError(400);
  const limit = intParam(query, 'limit', 1, 200, 50);
  const params = new Params();
  const user = params.param(actor.userId);
  let team: string | undefined;
  const titles: string[] = [];
  const joins: string[] = [];
  for (const { kind, table, alias, title } of TASK_RECORD_JOINS) {
    const level = levelOf(actor.permissions, kind, 'read');
    if (level === 'none') continue;
    const column = `${alias}.owner_id`;
    const scope =
      level === 'all'
        ? 'TRUE'
        : level === 'own'
          ? `${column} = ${user}`
          : `(${column} = ${user} OR ${column} IN (SELECT access_u.id FROM users access_u WHERE access_u.team_id = ${(team ??= params.param(actor.teamId))}))`;
    joins.push(`LEFT JOIN ${table} ${alias} ON t.entity = '${kind}' AND ${alias}.id = t.entity_id AND ${alias}.deleted_at IS NULL AND ${scope}`);
    titles.push(`${alias}.${title}`);
  }
  const conditions = [`t.owner_id = ${user}`, `t.status = 'open'`, 't.deleted_at IS NULL', TASK_VIEWS[view](user)];
  const cursor = query.get('cursor');
  if (cursor !== null) {
    let values: unknown;
    try {
      const [signature, decoded] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, unknown[]];
      values = signature === `mine:${view}` && Array.isArray(decoded) && decoded.length === 2 ? decoded : null;
    } catch {
      values = null;
    }
    const [dueAt, id] = (values ?? []) as unknown[];
    if (typeof dueAt !== 'string' || !ISO_MILLIS.test(dueAt) || typeof id !== 'string' || !UUID.test(id)) throw new HttpError(400);
    conditions.push(`(t.due_at, t.id) > (CAST(${params.param(dueAt)} AS timestamptz), CAST(${params.param(id)} AS uuid))`);
  }
  const text = `SELECT ${TASK_SELECT}, ${titles.length ? `COALESCE(${titles.join(', ')})` : 'NULL'} AS "recordTitle"
       FROM tasks t ${joins.join(' ')}
       WHERE ${conditions.join(' AND ')}
       ORDER BY t.due_at, t.id
       LIMIT ${params.param(limit + 1)}`;
  sql.push({ text, values: params.values });
  const { rows } = await pool.query<TaskRow>(text, params.values);
  const now = Date.now();
  const items = rows.slice(0, limit).map((row) => toTask(row, now));
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify([`mine:${view}`, [last.dueAt, last.id]])).toString('base64url') : null,
  };
}

const TASK_COUNTERS = `SELECT CAST(count(*) FILTER (WHERE t.due_at < now()) AS integer) AS overdue,
              CAST(count(*) FILTER (WHERE t.due_at >= day.day_start) AS integer) AS today
       FROM (SELECT date_trunc('day', now() AT TIME ZONE u.time_zone) AT TIME ZONE u.time_zone AS day_start,
                    (date_trunc('day', now() AT TIME ZONE u.time_zone) + interval '1 day') AT TIME ZONE u.time_zone AS day_end
             FROM users u WHERE u.id = $1) day
       JOIN tasks t ON t.owner_id = $1 AND t.status = 'open' AND t.deleted_at IS NULL AND t.due_at < day.day_end`;

/** GET /api/v1/tasks/counters: how many of the actor's open tasks are overdue and due today. */
async function taskCounters(actor: Actor, sql: TracedQuery[]): Promise<unknown> {
  if (levelOf(actor.permissions, 'task', 'read') === 'none') throw new HttpError(403);
  sql.push({ text: TASK_COUNTERS, values: [actor.userId] });
  const { rows } = await pool.query<{ overdue: number; today: number }>(TASK_COUNTERS, [actor.userId]);
  return { overdue: rows[0]!.overdue, today: rows[0]!.today };
}

function readBody(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        resolveBody(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null);
      } catch {
        reject(new HttpError(400));
      }
    });
    request.on('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------------------------

let lastSql: TracedQuery[] = [];

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://baseline');
  if (url.pathname === '/__bench/last-sql') return send(response, 200, lastSql);
  // Like the API, every answer names its request, and a write's audit entry records it.
  const requestId = randomUUID();
  response.setHeader('x-request-id', requestId);
  const actor = authenticate(request);
  const sql: TracedQuery[] = [];
  lastSql = sql;
  if (request.method === 'POST') {
    const move = /^\/api\/v1\/deals\/([^/]+)\/stage$/.exec(url.pathname);
    if (!move) throw new HttpError(404);
    const deal = await moveDealStage(actor, move[1]!, await readBody(request), requestId, sql);
    response.setHeader('etag', `"${deal.version}"`);
    return send(response, 200, deal);
  }
  if (request.method !== 'GET') throw new HttpError(405);
  const statements = replay[`${actor.userId} ${url.pathname}${url.search}`];
  if (statements) return send(response, 200, await replayed(statements, sql));
  const board = /^\/api\/v1\/pipelines\/([^/]+)\/board$/.exec(url.pathname);
  if (board) return send(response, 200, await dealBoard(actor, board[1]!, url.searchParams, sql));
  if (url.pathname === '/api/v1/contacts') return send(response, 200, await listContacts(actor, url.searchParams, sql));
  if (url.pathname === '/api/v1/tasks/mine') return send(response, 200, await myTasks(actor, url.searchParams, sql));
  if (url.pathname === '/api/v1/tasks/counters') return send(response, 200, await taskCounters(actor, sql));
  const one = /^\/api\/v1\/contacts\/([^/]+)$/.exec(url.pathname);
  if (one) {
    const contact = (await getContact(actor, one[1]!, sql)) as { version: number };
    response.setHeader('etag', `"${contact.version}"`);
    return send(response, 200, contact);
  }
  throw new HttpError(404);
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  response.end(json);
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    const status = error instanceof HttpError ? error.status : 500;
    if (status === 500) console.error(error);
    send(response, status, { status });
  });
});
server.keepAliveTimeout = 72_000;
server.listen(Number(env('PORT', '3101')), '127.0.0.1', () => process.send?.({ type: 'ready' }));

const stop = () => {
  server.close(() => void pool.end().then(() => process.exit(0)));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
