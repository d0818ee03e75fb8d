/**
 * Measures the API against a raw baseline (plain node:http + pg running the same SQL) on the seeded database.
 *
 *   pnpm build && pnpm bench:seed && pnpm bench:run [--duration 10] [--connections 32] [--only list-head-filter,get-contact]
 *                                                   [--profile] [--out bench/results/run.json]
 *
 * 1. Starts the API once with an SQL trace preloaded, signs in, and records for each scenario the answer and the
 *    statements the API sent to PostgreSQL for one warm request.
 * 2. Starts the baseline and checks that it answers the same bytes with the same SQL (or replays the traced SQL,
 *    for endpoints whose queries it does not hand-write, such as global search). A stage move is checked by putting
 *    the traced deal back as it was and having the baseline make the same move: same answer, statements and written
 *    rows but for the moment of the move and the request id.
 * 3. Starts the API again as production runs it, and drives each scenario for `duration` seconds after a warm-up,
 *    first against the API, then against the baseline, with the same token. Moves take a different deal per request
 *    from a pool per server (bench/src/deal-moves.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { assertBenchDatabase, BENCH_LOGINS, BENCH_PASSWORD, databaseUrlFrom, DEFAULT_DATABASE_URL, parseArgs, REPO_ROOT } from './bench-env.js';
import { CORES, cpuBetween, cpuSnapshot, parentOf, type ProcessGroups, waitForQuiet } from './cpu-monitor.js';
import { type Measurement, measure, type Sample, summarize } from './load.js';
import { ask, freePort, type Server, startApi, startBaseline } from './processes.js';
import { formatProfile, type ProfileSummary, summarizeProfile } from './profile-summary.js';
import type { TracedQuery, TraceReply } from './sql-trace.js';
import { dealState, loadMovePools, maskFresh, type MoveFixtures, moveOf, resetDeal, type WriteRequest, writtenRows } from './deal-moves.js';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    // Runs per server and scenario, alternating which server goes first; their requests are pooled.
    rounds: { type: 'string', default: '1' },
    // Before each run, wait up to this long for other people's processes to leave the CPU (0: do not wait).
    'quiet-timeout': { type: 'string', default: '60' },
    connections: { type: 'string', default: '32' },
    // The API's DATABASE_POOL_SIZE; the baseline gets a pool of the same size.
    'pool-size': { type: 'string', default: process.env.DATABASE_POOL_SIZE ?? '10' },
    only: { type: 'string' },
    // 0: any free port.
    'api-port': { type: 'string', default: '0' },
    'raw-port': { type: 'string', default: '0' },
    profile: { type: 'boolean', default: false },
    out: { type: 'string' },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
    report: { type: 'string' },
  },
});

if (args.help) {
  process.stdout.write(`pnpm bench:run [options]   (after pnpm build and pnpm bench:seed)
  --database-url URL     bench database (BENCH_DATABASE_URL, default ${DEFAULT_DATABASE_URL})
  --duration S           seconds per measured run (10)
  --warmup S             seconds of warm-up per server and scenario, not measured (3)
  --rounds N             measured runs per server and scenario, alternating who goes first (1)
  --connections N        autocannon connections (32)
  --pool-size N          database pool of the API and of the baseline (DATABASE_POOL_SIZE or 10)
  --only a,b             scenarios: list-head-filter, list-admin-filter, list-head-text, list-admin-text,
                         search-name, search-phone, get-contact, board-admin, board-head, move-stage, move-stage-admin,
                         my-tasks-overdue, my-tasks-today, task-counters, task-counters-head
  --quiet-timeout S      wait up to S seconds for other processes to leave the CPU before each run (60; 0: never)
  --profile              CPU profiles of the first run per server and scenario, in bench/profiles/
  --out FILE             results as JSON (bench/results/run-<time>.json)
  --api-port, --raw-port ports (0: any free one)
  --report FILE.json     print the Markdown tables of an earlier run, run nothing
`);
  process.exit(0);
}

const DATABASE_URL = databaseUrlFrom(args['database-url']);
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const ROUNDS = Number(args.rounds);
const QUIET_TIMEOUT = Number(args['quiet-timeout']);
/** Other people's processes may use this much CPU (cores) during a run before its figures are flagged. */
const BUSY_MACHINE = 0.25;
const CONNECTIONS = Number(args.connections);
const POOL_SIZE = Number(args['pool-size']);
const JWT_SECRET = randomBytes(32).toString('hex');
const TARGET = { throughput: 0.6, p95: 1.5 };
const DIST = import.meta.dirname;
const preload = (file: string) => ['--import', pathToFileURL(join(DIST, file)).href];

type Login = keyof typeof BENCH_LOGINS;

interface Scenario {
  id: string;
  title: string;
  login: Login;
  /** GET: the URL; a move: the route, each request's deal and body come from `moves`. */
  path: string;
  method?: 'GET' | 'POST';
  /** `contacts`, `deals`, `tasks`: the baseline's hand-written routes; `replay`: the statements traced from the API. */
  baseline: 'contacts' | 'deals' | 'tasks' | 'replay';
  /** Skipped, not failed, when the API answers 404: the endpoint is not there yet. */
  optional?: boolean;
  /** Not measured, and why (e.g. a database seeded before deals existed). */
  unavailable?: string;
  /** A stage move: the deals each server moves (kept out of the saved results). */
  moves?: MoveFixtures;
}

interface Fixtures {
  contactId: string;
  phoneDigits: string;
  nameFragment: string;
  userIds: Record<Login, string>;
  /** The pipeline whose board is measured: the first, with 100,000 open deals in the bench seed. */
  board: { id: string; name: string; openDeals: number } | null;
  movePools: { rep: number; admin: number };
  /** Open tasks of the rep and the head, as of the runner's start (null: the database has no tasks). */
  tasks: Record<'rep' | 'head', { zone: string; open: number; overdue: number; today: number }> | null;
}

function scenarios(fixtures: Fixtures, moves: { rep: MoveFixtures | null; admin: MoveFixtures | null }): Scenario[] {
  const filter = '/api/v1/contacts?status=client&tag=vip&sort=-createdAt&limit=50';
  const text = `/api/v1/contacts?q=${encodeURIComponent(fixtures.nameFragment)}&sort=-createdAt&limit=50`;
  return [
    { id: 'list-head-filter', title: 'Contacts: status=client & tag=vip, newest first, 50 — sales head (team)', login: 'head', path: filter, baseline: 'contacts' },
    { id: 'list-admin-filter', title: 'Contacts: status=client & tag=vip, newest first, 50 — admin (all)', login: 'admin', path: filter, baseline: 'contacts' },
    { id: 'list-head-text', title: `Contacts: q=${fixtures.nameFragment}, newest first, 50 — sales head (team)`, login: 'head', path: text, baseline: 'contacts' },
    { id: 'list-admin-text', title: `Contacts: q=${fixtures.nameFragment}, newest first, 50 — admin (all)`, login: 'admin', path: text, baseline: 'contacts' },
    {
      id: 'search-name',
      title: `Global search: q=${fixtures.nameFragment} — sales head (team)`,
      login: 'head',
      path: `/api/v1/search?q=${encodeURIComponent(fixtures.nameFragment)}`,
      baseline: 'replay',
      optional: true,
    },
    {
      id: 'search-phone',
      title: `Global search: q=${fixtures.phoneDigits} (7 phone digits) — sales head (team)`,
      login: 'head',
      path: `/api/v1/search?q=${fixtures.phoneDigits}`,
      baseline: 'replay',
      optional: true,
    },
    { id: 'get-contact', title: 'One contact by id — sales rep (own)', login: 'rep', path: `/api/v1/contacts/${fixtures.contactId}`, baseline: 'contacts' },
    ...dealScenarios(fixtures, moves),
    ...taskScenarios(fixtures),
  ];
}

function taskScenarios(fixtures: Fixtures): Scenario[] {
  const tasks = fixtures.tasks;
  const unavailable = tasks ? (tasks.rep.open ? undefined : 'the rep has no open tasks: re-seed with `pnpm bench:seed`') : 'the database has no tasks: re-seed it with `pnpm bench:seed`';
  const mine = (view: 'overdue' | 'today') =>
    `My tasks: ${view} (${tasks?.rep[view] ?? 0} of the rep's ${tasks?.rep.open ?? 0} open tasks${view === 'today' ? `, ${tasks?.rep.zone ?? '?'}` : ''}), first page by due time — sales rep (own)`;
  const counters = (who: 'rep' | 'head', title: string) =>
    `Task counters: overdue ${tasks?.[who].overdue ?? 0} and today ${tasks?.[who].today ?? 0} of ${tasks?.[who].open ?? 0} open tasks — ${title}`;
  return [
    { id: 'my-tasks-overdue', title: mine('overdue'), login: 'rep', path: '/api/v1/tasks/mine?view=overdue', baseline: 'tasks', optional: true, unavailable },
    { id: 'my-tasks-today', title: mine('today'), login: 'rep', path: '/api/v1/tasks/mine?view=today', baseline: 'tasks', optional: true, unavailable },
    { id: 'task-counters', title: counters('rep', 'sales rep'), login: 'rep', path: '/api/v1/tasks/counters', baseline: 'tasks', optional: true, unavailable },
    { id: 'task-counters-head', title: counters('head', 'sales head'), login: 'head', path: '/api/v1/tasks/counters', baseline: 'tasks', optional: true, unavailable },
  ];
}

function dealScenarios(fixtures: Fixtures, moves: { rep: MoveFixtures | null; admin: MoveFixtures | null }): Scenario[] {
  const noDeals = 'the database has no deals: re-seed it with `pnpm bench:seed`';
  const board = fixtures.board;
  const boardPath = `/api/v1/pipelines/${board?.id ?? '00000000-0000-4000-8000-000000000000'}/board`;
  const boardTitle = (who: string) => `Deal board of “${board?.name ?? '?'}” (${board?.openDeals ?? 0} open deals), 20 cards per stage, closed in 30 days — ${who}`;
  const move = (who: string, pool: MoveFixtures | null) =>
    `Move a deal between its pipeline's first two open stages, a different deal (${pool ? pool.api.deals.length : 0} per server) each request — ${who}`;
  const tooFew = (who: string) =>
    board ? `fewer than 100 open deals of ${who} in the first two open stages of the pipelines other than “${board.name}”` : noDeals;
  return [
    { id: 'board-admin', title: boardTitle('admin (all)'), login: 'admin', path: boardPath, baseline: 'deals', optional: true, unavailable: board ? undefined : noDeals },
    { id: 'board-head', title: boardTitle('sales head (team)'), login: 'head', path: boardPath, baseline: 'deals', optional: true, unavailable: board ? undefined : noDeals },
    {
      id: 'move-stage',
      title: move('sales rep (own)', moves.rep),
      login: 'rep',
      path: '/api/v1/deals/{id}/stage',
      method: 'POST',
      baseline: 'deals',
      optional: true,
      moves: moves.rep ?? undefined,
      unavailable: moves.rep ? undefined : tooFew('the rep'),
    },
    {
      id: 'move-stage-admin',
      title: move('admin (all)', moves.admin),
      login: 'admin',
      path: '/api/v1/deals/{id}/stage',
      method: 'POST',
      baseline: 'deals',
      optional: true,
      moves: moves.admin ?? undefined,
      unavailable: moves.admin ? undefined : tooFew('users other than the rep'),
    },
  ];
}

async function loadFixtures(db: pg.Client): Promise<{ fixtures: Fixtures; moves: { rep: MoveFixtures | null; admin: MoveFixtures | null } }> {
  const { rows: users } = await db.query<{ id: string; email: string }>('SELECT id, email FROM users WHERE email = ANY($1)', [Object.values(BENCH_LOGINS)]);
  const userIds = Object.fromEntries(
    (Object.keys(BENCH_LOGINS) as Login[]).map((login) => [login, users.find((user) => user.email === BENCH_LOGINS[login])?.id]),
  ) as Record<Login, string>;
  if (Object.values(userIds).some((id) => !id)) throw new Error(`The bench users are missing from the database: run \`pnpm bench:seed\` first.`);
  const { rows } = await db.query<{ id: string; phones_normalized: string[] }>(
    `SELECT id, phones_normalized FROM contacts
     WHERE owner_id = $1 AND deleted_at IS NULL AND phones_normalized[1] LIKE '+3712%' ORDER BY id LIMIT 1`,
    [userIds.rep],
  );
  const contact = rows[0];
  if (!contact) throw new Error('The rep owns no contact with a Latvian mobile: was the database seeded by bench/seed?');

  // Deals, when the database has them: the first pipeline's board, and open deals elsewhere to move.
  let board: Fixtures['board'] = null;
  const moves: { rep: MoveFixtures | null; admin: MoveFixtures | null } = { rep: null, admin: null };
  const { rows: tables } = await db.query<{ present: boolean }>(`SELECT to_regclass('public.deals') IS NOT NULL AS present`);
  if (tables[0]!.present) {
    const { rows: pipelines } = await db.query<{ id: string; name: string; open: number }>(
      `SELECT p.id, p.name, (SELECT count(*)::int FROM deals d WHERE d.pipeline_id = p.id AND d.status = 'open' AND d.deleted_at IS NULL) AS open
       FROM pipelines p ORDER BY p.position, p.id LIMIT 1`,
    );
    const first = pipelines[0];
    if (first && first.open > 0) {
      board = { id: first.id, name: first.name, openDeals: first.open };
      moves.rep = await loadMovePools(db, first.id, { userId: userIds.rep, others: false }, 20_000);
      moves.admin = await loadMovePools(db, first.id, { userId: userIds.rep, others: true }, 20_002);
    }
  }
  // Tasks, when the database has them: how many of the rep's and the head's open tasks are overdue and due today.
  let tasks: Fixtures['tasks'] = null;
  const { rows: taskTables } = await db.query<{ present: boolean }>(`SELECT to_regclass('public.tasks') IS NOT NULL AS present`);
  if (taskTables[0]!.present) {
    const { rows: counts } = await db.query<{ id: string; zone: string; open: number; overdue: number; today: number }>(
      `SELECT u.id, u.time_zone AS zone,
              count(t.id)::int AS open,
              count(t.id) FILTER (WHERE t.due_at < now())::int AS overdue,
              count(t.id) FILTER (WHERE (t.due_at AT TIME ZONE u.time_zone)::date = (now() AT TIME ZONE u.time_zone)::date)::int AS today
       FROM users u LEFT JOIN tasks t ON t.owner_id = u.id AND t.status = 'open' AND t.deleted_at IS NULL
       WHERE u.id = ANY($1) GROUP BY u.id, u.time_zone`,
      [[userIds.rep, userIds.head]],
    );
    const of = (id: string) => {
      const row = counts.find((count) => count.id === id)!;
      return { zone: row.zone, open: row.open, overdue: row.overdue, today: row.today };
    };
    tasks = { rep: of(userIds.rep), head: of(userIds.head) };
  }
  return {
    // The tail of a stored number, as someone types it from a missed call: 7 digits, no country code.
    fixtures: {
      contactId: contact.id,
      phoneDigits: contact.phones_normalized[0]!.slice(-7),
      nameFragment: 'Петров',
      userIds,
      board,
      movePools: { rep: moves.rep?.api.deals.length ?? 0, admin: moves.admin?.api.deals.length ?? 0 },
      tasks,
    },
    moves,
  };
}

async function login(server: Server, who: Login): Promise<string> {
  const response = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: BENCH_LOGINS[who], password: BENCH_PASSWORD }),
  });
  if (!response.ok) throw new Error(`Sign-in as ${BENCH_LOGINS[who]} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function get(server: Server, path: string, token: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.text() };
}

async function send(server: Server, request: WriteRequest, token: string): Promise<{ status: number; body: string; requestId: string }> {
  const response = await fetch(`${server.baseUrl}${request.path}`, {
    method: request.method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: request.body,
  });
  return { status: response.status, body: await response.text(), requestId: response.headers.get('x-request-id') ?? '' };
}

const normalizeSql = (queries: TracedQuery[]) => JSON.stringify(queries.map((query) => ({ text: query.text.replace(/\s+/g, ' ').trim(), values: query.values })));

interface Trace {
  status: number;
  body: string;
  queries: TracedQuery[];
  skipped?: string;
  /** A move: the request, when it was made, its request id and the rows it wrote. */
  write?: { request: WriteRequest; since: number; requestId: string; rows: unknown };
}

/**
 * A move traced: one move to warm up, then the traced one; its deal is put back as it was afterwards, so that the
 * baseline can make the very same move in the check.
 */
async function traceMove(api: Server, db: pg.Client, scenario: Scenario, moves: MoveFixtures, token: string): Promise<Trace> {
  const [warm, traced] = moves.trace as [MoveFixtures['trace'][0], MoveFixtures['trace'][0]];
  const warmAnswer = await send(api, moveOf(moves.api, warm), token);
  const { queries: warmQueries } = await ask<TraceReply>(api, { type: 'flush' });
  if (warmAnswer.status === 404 && scenario.optional && !warmQueries.some((query) => /FOR UPDATE/.test(query.text))) {
    return { ...warmAnswer, queries: [], skipped: `POST ${scenario.path} answers 404: the endpoint does not exist yet` };
  }
  if (warmAnswer.status !== 200) throw new Error(`${scenario.id}: the API answered ${warmAnswer.status}: ${warmAnswer.body.slice(0, 500)}`);
  const state = await dealState(db, traced.id);
  const since = Date.now() - 1000;
  const request = moveOf(moves.api, traced);
  const answer = await send(api, request, token);
  const { queries } = await ask<TraceReply>(api, { type: 'flush' });
  if (answer.status !== 200) throw new Error(`${scenario.id}: the API answered ${answer.status}: ${answer.body.slice(0, 500)}`);
  const rows = await writtenRows(db, traced.id, new Date(since));
  await resetDeal(db, traced.id, state, new Date(since));
  return { status: answer.status, body: answer.body, queries, write: { request, since, requestId: answer.requestId, rows } };
}

/** Step 1: what the API answers and which SQL it runs, for one warm request per scenario. */
async function traceApi(list: Scenario[], db: pg.Client): Promise<Map<string, Trace>> {
  const api = await startApi({ port: await freePort(Number(args['api-port'])), databaseUrl: DATABASE_URL, jwtSecret: JWT_SECRET, poolSize: POOL_SIZE, execArgv: preload('sql-trace.js') });
  const traces = new Map<string, Trace>();
  try {
    for (const scenario of list) {
      if (scenario.unavailable) {
        traces.set(scenario.id, { status: 0, body: '', queries: [], skipped: scenario.unavailable });
        continue;
      }
      const token = await login(api, scenario.login);
      if (scenario.moves) {
        traces.set(scenario.id, await traceMove(api, db, scenario, scenario.moves, token));
        continue;
      }
      await get(api, scenario.path, token);
      await ask<TraceReply>(api, { type: 'flush' });
      const answer = await get(api, scenario.path, token);
      const { queries } = await ask<TraceReply>(api, { type: 'flush' });
      if (answer.status === 404 && scenario.optional) {
        traces.set(scenario.id, { ...answer, queries, skipped: `GET ${scenario.path.split('?')[0]} answers 404: the endpoint does not exist yet` });
      } else if (answer.status !== 200) {
        throw new Error(`${scenario.id}: the API answered ${answer.status}: ${answer.body.slice(0, 500)}`);
      } else {
        traces.set(scenario.id, { ...answer, queries });
      }
    }
  } finally {
    await api.stop();
  }
  return traces;
}

interface Check {
  sameBody: boolean;
  sameSql: boolean;
  /** A move: the history and audit rows the baseline wrote equal the API's. */
  sameRows?: boolean;
  apiStatements: number;
  /** What the API sent to PostgreSQL for one warm request: to EXPLAIN it. */
  apiSql: TracedQuery[];
  note?: string;
}

/** Step 2: the baseline must answer what the API answers, with the SQL the API runs. */
async function checkBaseline(raw: Server, db: pg.Client, list: Scenario[], traces: Map<string, Trace>, tokens: Map<Login, string>): Promise<Map<string, Check>> {
  const checks = new Map<string, Check>();
  for (const scenario of list) {
    const trace = traces.get(scenario.id)!;
    const write = trace.write;
    // A move is made again on the same deal, put back as it was: only its moment and request id may differ.
    const since = Date.now() - 1000;
    const answer = write ? await send(raw, write.request, tokens.get(scenario.login)!) : { ...(await get(raw, scenario.path, tokens.get(scenario.login)!)), requestId: '' };
    const rawSql = (await (await fetch(`${raw.baseUrl}/__bench/last-sql`)).json()) as TracedQuery[];
    if (answer.status !== 200) throw new Error(`${scenario.id}: the baseline answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    const api = (text: string) => (write ? maskFresh(text, write.since, [write.requestId]) : text);
    const ours = (text: string) => (write ? maskFresh(text, since, [answer.requestId]) : text);
    const check: Check = {
      sameBody: ours(answer.body) === api(trace.body),
      sameSql: ours(normalizeSql(rawSql)) === api(normalizeSql(trace.queries)),
      apiStatements: trace.queries.length,
      apiSql: trace.queries,
    };
    if (write) {
      const rows = JSON.stringify(await writtenRows(db, JSON.parse(answer.body).id as string, new Date(since)));
      check.sameRows = ours(rows) === api(JSON.stringify(write.rows));
      check.note = 'the same move of the same deal, made again by the baseline; compared but for its time and request id';
      if (!check.sameRows) process.stdout.write(`  ! ${scenario.id}: the baseline wrote other rows than the API\n    API: ${api(JSON.stringify(write.rows))}\n    raw: ${ours(rows)}\n`);
    }
    if (scenario.baseline === 'replay') check.note = 'baseline replays the traced SQL; its JSON is the raw rows';
    if (!check.sameSql) {
      process.stdout.write(`  ! ${scenario.id}: the baseline's SQL differs from the API's\n    API: ${api(normalizeSql(trace.queries))}\n    raw: ${ours(normalizeSql(rawSql))}\n`);
    }
    if (!check.sameBody && scenario.baseline !== 'replay') {
      process.stdout.write(`  ! ${scenario.id}: the baseline's answer differs from the API's (${answer.body.length} vs ${trace.body.length} bytes)\n`);
      if (write) process.stdout.write(`    API: ${api(trace.body)}\n    raw: ${ours(answer.body)}\n`);
    }
    checks.set(scenario.id, check);
  }
  return checks;
}

interface Result {
  scenario: Scenario;
  check: Check;
  api: Measurement;
  raw: Measurement;
  throughputRatio: number;
  p95Ratio: number;
  meetsTargets: boolean;
  profiles?: Partial<Record<'api' | 'raw', ProfileSummary>>;
}

const ms = (value: number) => value.toFixed(1);

function printResult(result: Result): void {
  const row = (name: string, m: Measurement) =>
    `    ${name.padEnd(4)} ${m.rps.toFixed(0).padStart(6)} req/s   p50 ${ms(m.p50).padStart(6)}   p95 ${ms(m.p95).padStart(6)}   p99 ${ms(m.p99).padStart(6)} ms   ` +
    `${(m.bytes / 1024).toFixed(1)} KB   CPU/req ${m.serverCpuMs.toFixed(2)} + pg ${m.postgresCpuMs.toFixed(2)} ms   others ${m.otherCores.toFixed(2)} cores${m.failures ? `   ${m.failures} FAILED (${JSON.stringify(m.statusCodes)})` : ''}`;
  process.stdout.write(
    [
      row('API', result.api),
      row('raw', result.raw),
      `    API/raw throughput ${result.throughputRatio.toFixed(2)} (target ≥ ${TARGET.throughput}), p95 ${result.p95Ratio.toFixed(2)} (target ≤ ${TARGET.p95}): ${result.meetsTargets ? 'meets' : 'MISSES'} the targets`,
      '',
    ].join('\n'),
  );
}

function markdown(results: Result[], skipped: { scenario: Scenario; reason: string }[]): string {
  const lines: string[] = [
    '| scenario | API req/s | raw req/s | API/raw | API p95 ms | raw p95 ms | p95 API/raw | server CPU/req API / raw | targets |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...results.map(
      (r) =>
        `| ${r.scenario.id} | ${r.api.rps.toFixed(0)} | ${r.raw.rps.toFixed(0)} | **${r.throughputRatio.toFixed(2)}** | ${ms(r.api.p95)} | ${ms(r.raw.p95)} | ` +
        `**${r.p95Ratio.toFixed(2)}** | ${r.api.serverCpuMs.toFixed(2)} / ${r.raw.serverCpuMs.toFixed(2)} ms | ${r.meetsTargets ? 'met' : '**missed**'} |`,
    ),
    ...skipped.map((s) => `| ${s.scenario.id} | – | – | – | – | – | – | – | not measured |`),
    '',
  ];
  for (const result of results) {
    const { api, raw } = result;
    lines.push(
      `**${result.scenario.title}** — \`${result.scenario.method ?? 'GET'} ${result.scenario.path}\`${result.scenario.method === 'POST' ? ' `{ stageId, version }`' : ''}`,
      '',
      '| | req/s | p50 ms | p95 ms | p99 ms | server CPU/req | PostgreSQL CPU/req | answer | others’ CPU |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| API | ${api.rps.toFixed(0)} | ${ms(api.p50)} | ${ms(api.p95)} | ${ms(api.p99)} | ${api.serverCpuMs.toFixed(2)} ms | ${api.postgresCpuMs.toFixed(2)} ms | ${(api.bytes / 1024).toFixed(1)} KB | ${api.otherCores.toFixed(2)} cores |`,
      `| raw | ${raw.rps.toFixed(0)} | ${ms(raw.p50)} | ${ms(raw.p95)} | ${ms(raw.p99)} | ${raw.serverCpuMs.toFixed(2)} ms | ${raw.postgresCpuMs.toFixed(2)} ms | ${(raw.bytes / 1024).toFixed(1)} KB | ${raw.otherCores.toFixed(2)} cores |`,
      `| API/raw | **${result.throughputRatio.toFixed(2)}** | ${(api.p50 / raw.p50).toFixed(2)} | **${result.p95Ratio.toFixed(2)}** | ${(api.p99 / raw.p99).toFixed(2)} | ${(api.serverCpuMs / raw.serverCpuMs).toFixed(1)}× | | | |`,
      '',
      `${result.meetsTargets ? 'Meets' : '**Misses**'} the targets (throughput ≥ ${TARGET.throughput}×, p95 ≤ ${TARGET.p95}×). ` +
        (result.check.sameRows === undefined
          ? `Baseline answer ${result.check.sameBody ? 'byte-identical to the API’s' : 'not byte-identical'}, SQL ${result.check.sameSql ? 'identical' : 'DIFFERENT'}; `
          : `The baseline's move of the traced deal: answer ${result.check.sameBody ? 'identical to the API’s' : 'DIFFERENT'}, statements ${result.check.sameSql ? 'identical' : 'DIFFERENT'}, ` +
            `history and audit rows ${result.check.sameRows ? 'identical' : 'DIFFERENT'} (but for the time of the move and the request id); `) +
        `the API ran ${result.check.apiStatements} statement(s) per warm request.`,
      '',
    );
  }
  for (const { scenario, reason } of skipped) lines.push(`**${scenario.title}**: not measured — ${reason}.`, '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  if (args.report) {
    // The Markdown of an earlier run's results.
    const saved = JSON.parse(readFileSync(args.report, 'utf8')) as { results: Result[]; skipped: { scenario: Scenario; reason: string }[] };
    process.stdout.write(markdown(saved.results, saved.skipped));
    return;
  }
  assertBenchDatabase(DATABASE_URL, args.force!);
  // The runner's own connection: fixtures, the move pools' versions, and the CPU monitor (not counted as a server's).
  const db = new pg.Client({ connectionString: DATABASE_URL, application_name: 'crm-bench-runner' });
  await db.connect();
  try {
    await run(db);
  } finally {
    await db.end();
  }
}

async function run(db: pg.Client): Promise<void> {
  const wanted = args.only?.split(',').map((id) => id.trim());
  const { fixtures, moves } = await loadFixtures(db);
  const list = scenarios(fixtures, moves).filter((scenario) => !wanted || wanted.includes(scenario.id));
  if (!list.length) throw new Error(`No scenario matches --only ${args.only}`);
  process.stdout.write(
    `Benchmark: ${list.length} scenario(s), ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${ROUNDS} × ${DURATION} s per server, ` +
      `pool ${POOL_SIZE} for both servers, ${CORES} cores\n`,
  );

  if (list.some((scenario) => scenario.baseline === 'deals' && !scenario.unavailable)) {
    // Moves of earlier runs leave heap pages of deals not all-visible, and the board's index-only scans would visit
    // the table for them until autovacuum came by: start every run from a vacuumed table.
    process.stdout.write('• VACUUM deals\n');
    await db.query('VACUUM deals');
  }
  process.stdout.write('• tracing the API’s SQL and answers\n');
  const traces = await traceApi(list, db);
  const skipped = list.filter((scenario) => traces.get(scenario.id)!.skipped).map((scenario) => ({ scenario, reason: traces.get(scenario.id)!.skipped! }));
  for (const { scenario, reason } of skipped) process.stdout.write(`  - ${scenario.id}: skipped, ${reason}\n`);
  const measured = list.filter((scenario) => !traces.get(scenario.id)!.skipped);

  const replayFile = join(tmpdir(), `crm-bench-replay-${process.pid}.json`);
  writeFileSync(
    replayFile,
    JSON.stringify(Object.fromEntries(measured.filter((s) => s.baseline === 'replay').map((s) => [`${fixtures.userIds[s.login]} ${s.path}`, traces.get(s.id)!.queries]))),
  );

  const servers: Server[] = [];
  const results: Result[] = [];
  try {
    const raw = await startBaseline({
      port: await freePort(Number(args['raw-port'])),
      databaseUrl: DATABASE_URL,
      jwtSecret: JWT_SECRET,
      poolSize: POOL_SIZE,
      replayFile,
      execArgv: args.profile ? preload('cpu-profile.js') : [],
    });
    servers.push(raw);
    const api = await startApi({
      port: await freePort(Number(args['api-port'])),
      databaseUrl: DATABASE_URL,
      jwtSecret: JWT_SECRET,
      poolSize: POOL_SIZE,
      execArgv: args.profile ? preload('cpu-profile.js') : [],
    });
    servers.push(api);

    const tokens = new Map<Login, string>();
    for (const who of Object.keys(BENCH_LOGINS) as Login[]) tokens.set(who, await login(api, who));
    process.stdout.write('• checking the baseline against the API\n');
    const checks = await checkBaseline(raw, db, measured, traces, tokens);

    const profileDir = resolve(REPO_ROOT, 'bench/profiles');
    if (args.profile) mkdirSync(profileDir, { recursive: true });
    const monitor = db;
    // The benchmark's own processes: runner, both servers and every PostgreSQL backend serving the bench database.
    const ourProcesses = async (server?: Server): Promise<ProcessGroups> => {
      const backends = (await monitor.query<{ pid: number; application_name: string }>(
        'SELECT pid, application_name FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      )).rows;
      // The baseline's connections say crm-bench-raw; all others to this database are the API's (crm-api, crm-jobs).
      const serves = (backend: { application_name: string }) =>
        server !== undefined && (backend.application_name === 'crm-bench-raw') === (server === raw);
      return {
        server: server ? [server.child.pid!] : [],
        postgres: backends.filter(serves).map((backend) => backend.pid),
        rest: [
          process.pid,
          ...[api, raw].filter((other) => other !== server).map((other) => other.child.pid!),
          ...backends.filter((backend) => !serves(backend)).map((backend) => backend.pid),
        ],
      };
    };
    // PostgreSQL runs some queries with parallel workers: short-lived children of the postmaster, counted when they end.
    const postmaster = parentOf((await monitor.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
    // A move takes its requests from the server's pool, whose versions are read again first; a read is one URL.
    const load = async (server: Server, scenario: Scenario, headers: Record<string, string>, seconds: number) => {
      const pool = scenario.moves?.[server === api ? 'api' : 'raw'];
      if (pool) await pool.sync(db);
      return measure(`${server.baseUrl}${scenario.path}`, headers, CONNECTIONS, seconds, pool && (() => pool.next()));
    };
    const drive = async (server: Server, scenario: Scenario, headers: Record<string, string>): Promise<Sample> => {
      if (QUIET_TIMEOUT > 0) await waitForQuiet(() => ourProcesses(), BUSY_MACHINE, QUIET_TIMEOUT);
      const pool = scenario.moves?.[server === api ? 'api' : 'raw'];
      if (pool) await pool.sync(db);
      const before = cpuSnapshot(await ourProcesses(server), postmaster);
      // Ended PostgreSQL processes count as ours only when our queries ran parallel workers; otherwise they were
      // someone else's sessions closing.
      let parallel = false;
      const poll = setInterval(() => {
        void monitor
          .query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'parallel worker' AND datname = current_database()`)
          .then((result) => (parallel ||= result.rows[0]!.n > 0), () => undefined);
      }, 200);
      const sample = await measure(`${server.baseUrl}${scenario.path}`, headers, CONNECTIONS, DURATION, pool && (() => pool.next())).finally(() =>
        clearInterval(poll),
      );
      const after = cpuSnapshot(await ourProcesses(server), postmaster);
      // Requests still waiting when the run ends are neither answers nor (within autocannon's 30 s timeout) errors:
      // a run that answered nothing at all is a hung server, and fails like one.
      if (!sample.latencies.length && !sample.failures) {
        process.stdout.write(`  ! ${server.name} answered no request in ${DURATION} s: it hangs\n`);
        sample.failures = CONNECTIONS;
      }
      if (!parallel) after.reaped = before.reaped;
      const cpu = cpuBetween(before, after, sample.seconds);
      if (cpu.others > BUSY_MACHINE) process.stdout.write(`  ! other processes used ${cpu.others.toFixed(2)} cores during this ${server.name} run\n`);
      return {
        ...sample,
        machineCores: cpu.machine,
        otherCores: cpu.others,
        serverCpuSeconds: cpu.seconds.server!,
        postgresCpuSeconds: cpu.seconds.postgres! + cpu.reaped,
      };
    };

    for (const scenario of measured) {
      process.stdout.write(`• ${scenario.id}: ${scenario.title}\n`);
      // A fresh token per scenario: long runs outlive the access token's 15 minutes.
      const token = await login(api, scenario.login);
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (scenario.method === 'POST') headers['content-type'] = 'application/json';
      await load(api, scenario, headers, WARMUP);
      await load(raw, scenario, headers, WARMUP);
      const samples: Record<'api' | 'raw', Sample[]> = { api: [], raw: [] };
      const profiles: Partial<Record<'api' | 'raw', ProfileSummary>> = {};
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate which goes first, so that a slow drift of the machine does not favour one side.
        for (const side of round % 2 === 0 ? (['api', 'raw'] as const) : (['raw', 'api'] as const)) {
          const server = side === 'api' ? api : raw;
          const profiling = args.profile && round === 0;
          if (profiling) await ask(server, { type: 'profile-start' });
          samples[side].push(await drive(server, scenario, headers));
          if (profiling) {
            const file = join(profileDir, `${scenario.id}.${side}.cpuprofile`);
            await ask(server, { type: 'profile-stop', file } as { type: string });
            profiles[side] = summarizeProfile(file);
            process.stdout.write(`  ${side} profile: ${relative(REPO_ROOT, file)}\n${formatProfile(profiles[side])}\n`);
          }
        }
      }
      const apiRun = summarize(samples.api);
      const rawRun = summarize(samples.raw);
      const throughputRatio = apiRun.rps / rawRun.rps;
      const p95Ratio = apiRun.p95 / rawRun.p95;
      const result: Result = {
        scenario,
        check: checks.get(scenario.id)!,
        api: apiRun,
        raw: rawRun,
        throughputRatio,
        p95Ratio,
        meetsTargets: throughputRatio >= TARGET.throughput && p95Ratio <= TARGET.p95 && !apiRun.failures && !rawRun.failures,
        profiles: args.profile ? profiles : undefined,
      };
      printResult(result);
      results.push(result);
    }
  } finally {
    for (const server of servers.reverse()) await server.stop();
    rmSync(replayFile, { force: true });
  }

  const out = args.out ?? resolve(REPO_ROOT, `bench/results/run-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(resolve(out, '..'), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify(
      { at: new Date().toISOString(), options: { DURATION, WARMUP, ROUNDS, CONNECTIONS, POOL_SIZE, CORES, profile: args.profile }, fixtures, results, skipped },
      // The move pools (thousands of deals) stay out of the saved results.
      (key, value: unknown) => (key === 'moves' ? undefined : value),
      2,
    ),
  );
  process.stdout.write(`\n${markdown(results, skipped)}\nResults: ${relative(REPO_ROOT, out)}\n`);
  if (results.some((result) => result.api.failures || result.raw.failures)) process.exitCode = 1;
}

await main();
