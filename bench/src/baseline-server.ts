/**
 * The raw baseline the API is measured against: plain `node:http` and a `pg` pool of the API's size, answering the
 * benchmarked requests with the SQL the API issues for them (access scoping included) and the same JSON. No
 * framework, validation library or ORM: what is left is the floor the API's overhead is measured from.
 *
 *   DATABASE_URL=… JWT_SECRET=… PORT=3101 POOL_SIZE=10 [BASELINE_REPLAY=replay.json] node bench/dist/baseline-server.js
 *
 * Routes: GET /api/v1/contacts (status, tag, q, ownerId, sort, limit), GET /api/v1/contacts/:id, and any URL listed in
 * BASELINE_REPLAY, answered by replaying the statements the runner traced from the API for that URL (global search,
 * whose SQL depends on what the query looks like: a name, digits, an email). GET /__bench/last-sql tells the SQL of the
 * previous request, for the runner's check.
 *
 * The actor's team comes from the token; the API reads the current one (cached 5 s), the same for the bench users.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { type Level, levelOf, matrixOfRole, type PartialMatrix, type PermissionMatrix } from '../../libs/permissions/dist/index.js';
import type { TracedQuery } from './sql-trace.js';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

const pool = new pg.Pool({ connectionString: env('DATABASE_URL'), max: Number(env('POOL_SIZE', '10')), application_name: 'crm-bench-raw' });
const secret = env('JWT_SECRET');
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
// Contacts: the statement TypeORM builds for ContactsService (select list, aliases, parameter order and all).

const CONTACT_COLUMNS = [
  'id', 'owner_id', 'created_by_id', 'tags', 'created_at', 'updated_at', 'deleted_at', 'version', 'first_name', 'middle_name',
  'last_name', 'full_name', 'position', 'company_id', 'emails', 'phones', 'address', 'status', 'lead_source', 'utm_source',
  'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'emails_normalized', 'phones_normalized', 'custom',
];
const selectContacts = (alias: string) =>
  `SELECT ${CONTACT_COLUMNS.map((column) => `"${alias}"."${column}" AS "${alias}_${column}"`).join(', ')} FROM "contacts" "${alias}"`;

const SORTABLE: Record<string, { column: string; value: (row: Row) => string }> = {
  createdAt: { column: 'created_at', value: (row) => (row.c_created_at as Date).toISOString() },
  updatedAt: { column: 'updated_at', value: (row) => (row.c_updated_at as Date).toISOString() },
  fullName: { column: 'full_name', value: (row) => row.c_full_name as string },
  status: { column: 'status', value: (row) => row.c_status as string },
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

/** The API's ContactDto, field for field and in its order, from a row whose columns are prefixed with `alias_`. */
function toContact(row: Row, alias: string) {
  const column = (name: string) => row[`${alias}_${name}`];
  return {
    id: column('id'),
    createdAt: (column('created_at') as Date).toISOString(),
    updatedAt: (column('updated_at') as Date).toISOString(),
    version: column('version'),
    tags: column('tags'),
    ownerId: column('owner_id'),
    createdById: column('created_by_id'),
    deletedAt: (column('deleted_at') as Date | null)?.toISOString() ?? null,
    firstName: column('first_name'),
    middleName: column('middle_name'),
    lastName: column('last_name'),
    fullName: column('full_name'),
    position: column('position'),
    companyId: column('company_id'),
    emails: column('emails'),
    phones: column('phones'),
    address: column('address'),
    status: column('status'),
    leadSource: column('lead_source'),
    utmSource: column('utm_source'),
    utmMedium: column('utm_medium'),
    utmCampaign: column('utm_campaign'),
    utmTerm: column('utm_term'),
    utmContent: column('utm_content'),
    custom: column('custom'),
  };
}

/**
 * The API reads the contact custom-field definitions before every list (CustomFieldsService.fieldSet: they decide
 * which `cf` filters and sorts exist); the definitions themselves do not change the answer here.
 */
const CUSTOM_FIELD_COLUMNS = ['id', 'entity', 'key', 'type', 'labels', 'required', 'position', 'options', 'active', 'created_at', 'updated_at', 'version'];
const CUSTOM_FIELD_DEFINITIONS =
  `SELECT ${CUSTOM_FIELD_COLUMNS.map((column) => `"f"."${column}" AS "f_${column}"`).join(', ')} FROM "custom_fields" "f" ` +
  `WHERE "f"."entity" = $1 ORDER BY "f"."position" ASC, "f"."id" ASC`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KNOWN_LIST_PARAMS = new Set(['status', 'tag', 'q', 'ownerId', 'sort', 'limit']);

async function listContacts(actor: Actor, params: URLSearchParams, sql: TracedQuery[]): Promise<unknown> {
  for (const name of params.keys()) if (!KNOWN_LIST_PARAMS.has(name)) throw new HttpError(400);
  sql.push({ text: CUSTOM_FIELD_DEFINITIONS, values: ['contact'] });
  await pool.query(CUSTOM_FIELD_DEFINITIONS, ['contact']);
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
  const text = `${selectContacts('c')} WHERE ${where.sql} ORDER BY ${order.join(', ')} LIMIT ${limit + 1}`;
  sql.push({ text, values: where.values });
  const { rows } = await pool.query<Row>(text, where.values);

  const items = rows.slice(0, limit);
  const lastRow = items.at(-1);
  const signature = sort.map((term) => term.name).join(',');
  const nextCursor =
    rows.length > limit && lastRow
      ? Buffer.from(JSON.stringify([signature, [...sort.map((term) => term.field.value(lastRow)), lastRow.c_id]])).toString('base64url')
      : null;
  return { items: items.map((row) => toContact(row, 'c')), nextCursor };
}

async function getContact(actor: Actor, id: string, sql: TracedQuery[]): Promise<unknown> {
  if (!UUID.test(id)) throw new HttpError(400);
  const where = new Where();
  where.terms.push('"r"."deleted_at" IS NULL');
  scope(where, actor, 'r');
  where.terms.push(`"r"."id" = ${where.param(id)}`);
  const text = `${selectContacts('r')} WHERE ${where.sql}`;
  sql.push({ text, values: where.values });
  const { rows } = await pool.query<Row>(text, where.values);
  if (!rows[0]) throw new HttpError(404);
  return toContact(rows[0], 'r');
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

let lastSql: TracedQuery[] = [];

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://baseline');
  if (url.pathname === '/__bench/last-sql') return send(response, 200, lastSql);
  if (request.method !== 'GET') throw new HttpError(405);
  const actor = authenticate(request);
  const sql: TracedQuery[] = [];
  lastSql = sql;
  const statements = replay[`${url.pathname}${url.search}`];
  if (statements) return send(response, 200, await replayed(statements, sql));
  if (url.pathname === '/api/v1/contacts') return send(response, 200, await listContacts(actor, url.searchParams, sql));
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
