/**
 * Times an import of 100,000 contacts from CSV through the API, with duplicates in the file and in the database.
 *
 *   pnpm build && npx tsc -p bench && node bench/dist/import.js [--rows 100000] [--database-url postgres://…/postgres]
 *
 * The server is TEST_DATABASE_URL (or --database-url), else an embedded PostgreSQL in a temporary folder. A fresh
 * database is created on it and dropped at the end. The file mixes Latin, Latvian and Cyrillic names and phones in
 * several formats; every 20th row repeats an earlier row's email, and 10% of the rows match contacts already in the
 * database. The API runs in this process, with its job runner, as `pnpm start` runs it.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { importApi, parseArgs, PhaseTimer } from './bench-env.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    'database-url': { type: 'string' },
  },
});
const ROWS = Number(args.rows);
const PASSWORD = 'bench-password';

// The parts of the built API this script uses (see bench-env.ts: the bench compiles apart from the API).
interface Server {
  url: string;
  stop(): Promise<void>;
}
interface App {
  listen(options: { port: number; host: string }): Promise<unknown>;
  getHttpServer(): { address(): unknown };
  close(): Promise<void>;
}
type EmbeddedPostgresModule = { startEmbeddedPostgres(options: { dataDir: string; persistent?: boolean }): Promise<Server> };
type DatabaseServerModule = {
  ensureDatabase(serverUrl: string, name: string): Promise<string>;
  dropDatabase(serverUrl: string, name: string): Promise<void>;
};
type DataSourceModule = { runMigrations(url: string): Promise<string[]> };
type SecretsModule = { hashPassword(password: string): Promise<string> };
type ConfigModule = { loadConfig(env: Record<string, string>, overrides: Record<string, unknown>): { logLevel: string } };
type LoggerModule = { createLogger(level: string): unknown };
type AppFactoryModule = { createApp(config: unknown, databaseUrl: string, logger: unknown): Promise<App> };

const FIRST = ['Anna', 'John', 'Maria', 'Jānis', 'Līga', 'Kārlis', 'Иван', 'Мария', 'Алексей', 'Ольга', 'José', 'Lucía'];
const LAST = ['Smith', 'Bērziņš', 'Kalniņa', 'Ozols', 'Петров', 'Иванова', 'Смирнов', 'Кузнецова', 'García', 'Martínez'];
const POSITIONS = ['CEO', 'Менеджер', 'Valdes loceklis', 'Director de ventas', ''];

/** A phone in one of the formats people type, from a number that makes it unique. */
function phone(n: number): string {
  const digits = String(n).padStart(7, '0');
  switch (n % 4) {
    case 0:
      return `+371 2${digits.slice(0, 3)} ${digits.slice(3)}`;
    case 1:
      return `2${digits}`;
    case 2:
      return `+7 (9${digits.slice(0, 2)}) ${digits.slice(2, 5)}-${digits.slice(5, 7)}-0${n % 10}`;
    default:
      return `+34 6${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)} ${digits.slice(6)}${n % 10}`;
  }
}

function csvFile(rows: number): Buffer {
  const lines = ['Имя;Фамилия;E-mail;Телефон;Должность;Tags'];
  for (let i = 0; i < rows; i += 1) {
    // Every 20th row repeats the email of the row 10 before it: a duplicate within the file.
    const emailOf = i % 20 === 19 ? i - 10 : i;
    lines.push([FIRST[i % FIRST.length], LAST[(i * 7) % LAST.length], `client.${emailOf}@bench.example`, phone(i), POSITIONS[i % POSITIONS.length], i % 3 ? '' : 'import,bench'].join(';'));
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`);
}

async function openServer(): Promise<Server> {
  const given = args['database-url'] ?? process.env.TEST_DATABASE_URL;
  if (given) return { url: given, stop: async () => undefined };
  const { startEmbeddedPostgres } = await importApi<EmbeddedPostgresModule>('core/database/embedded-postgres.js');
  const folder = await mkdtemp(join(tmpdir(), 'crm-bench-import-'));
  // As root the embedded server runs as `postgres`, which must be able to enter the folder.
  await chmod(folder, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: join(folder, 'pg'), persistent: false });
  return { url: server.url, stop: async () => (await server.stop(), await rm(folder, { recursive: true, force: true })) };
}

/** CPU seconds used so far by the PostgreSQL server whose backend `pid` is (Linux: the postmaster and its children). */
async function serverCpuSeconds(backendPid: number): Promise<number> {
  const stat = async (pid: string) => (await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')).replace(/^.*\) /, '').split(' ');
  const postmaster = (await stat(String(backendPid)))[1]!;
  let ticks = 0;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const fields = await stat(pid);
    // After the command: state, ppid, …; utime and stime are the 12th and 13th.
    if (pid === postmaster || fields[1] === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100;
}

const api = {
  databaseServer: () => importApi<DatabaseServerModule>('core/database/database-server.js'),
  dataSource: () => importApi<DataSourceModule>('core/database/data-source.js'),
  secrets: () => importApi<SecretsModule>('core/auth/secrets.js'),
  app: () => importApi<AppFactoryModule>('app.js'),
  config: () => importApi<ConfigModule>('core/config/app-config.js'),
  logger: () => importApi<LoggerModule>('core/logging/logger.js'),
};

/** Migrates the database, adds the importing admin and the contacts the file repeats (every tenth row). */
async function seed(url: string): Promise<void> {
  await (await api.dataSource()).runMigrations(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const [{ id }] = (
      await client.query(
        `INSERT INTO users (email, name, password_hash, role_id) SELECT 'importer@bench.crm', 'Importer', $1, id FROM roles WHERE key = 'admin' RETURNING id`,
        [await (await api.secrets()).hashPassword(PASSWORD)],
      )
    ).rows as [{ id: string }];
    await client.query(
      `INSERT INTO contacts (first_name, last_name, emails, emails_normalized, owner_id, created_by_id)
       SELECT 'Existing', 'Client', jsonb_build_array(jsonb_build_object('type', 'work', 'value', 'client.' || n || '@bench.example')),
              ARRAY['client.' || n || '@bench.example'], $1, $1
       FROM generate_series(0, $2 - 1, 10) AS n`,
      [id, ROWS],
    );
  } finally {
    await client.end();
  }
}

/** The API as production runs it, listening on a free port; answers its base URL. */
async function startApi(url: string): Promise<{ app: App; base: string }> {
  const config = (await api.config()).loadConfig(
    { NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn' },
    { databaseUrl: url, webDist: null, rateLimitPerMinute: 0 },
  );
  const app = await (await api.app()).createApp(config, url, (await api.logger()).createLogger(config.logLevel));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/api/v1` };
}

async function signIn(base: string): Promise<Record<string, string>> {
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'importer@bench.crm', password: PASSWORD }),
  });
  return { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
}

/** Uploads and imports the file through the HTTP API, as the web app does, and waits for the end. */
async function importFile(timer: PhaseTimer, base: string, headers: Record<string, string>, file: Buffer): Promise<Record<string, number>> {
  const draft = await timer.run('upload (parse, count, preview)', async () => {
    const form = new FormData();
    form.append('entity', 'contact');
    form.append('file', new Blob([file]), 'bench.csv');
    const response = await fetch(`${base}/imports`, { method: 'POST', headers, body: form });
    if (response.status !== 201) throw new Error(`upload: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string };
  });
  return timer.run('import (batches, dedupe, audit)', async () => {
    const start = await fetch(`${base}/imports/${draft.id}/start`, { method: 'POST', headers });
    if (start.status !== 202) throw new Error(`start: ${start.status} ${await start.text()}`);
    for (;;) {
      const job = (await (await fetch(`${base}/imports/${draft.id}`, { headers })).json()) as { status: string; progress: Record<string, number>; error: string | null };
      if (job.status === 'completed') return job.progress;
      if (job.status === 'failed') throw new Error(`import failed: ${job.error}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
}

async function main(): Promise<void> {
  const timer = new PhaseTimer();
  const { ensureDatabase, dropDatabase } = await api.databaseServer();
  const server = await timer.run('PostgreSQL', openServer);
  const name = `crm_bench_import_${randomBytes(4).toString('hex')}`;
  const url = await ensureDatabase(server.url, name);
  const probe = new pg.Client({ connectionString: url });
  let app: App | undefined;
  try {
    await timer.run('migrations and seed', () => seed(url));
    const started = await startApi(url);
    app = started.app;
    const headers = await signIn(started.base);
    const file = await timer.run(`generate ${ROWS} rows`, async () => csvFile(ROWS));
    process.stdout.write(`  ${(file.length / 1024 / 1024).toFixed(1)} MB\n`);

    // CPU of the embedded server is read from /proc; an external one may be on another machine.
    await probe.connect();
    const [{ pid }] = (await probe.query('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
    const localServer = !args['database-url'] && !process.env.TEST_DATABASE_URL;
    const cpuBefore = { api: process.cpuUsage(), server: localServer ? await serverCpuSeconds(pid) : 0 };
    const clock = performance.now();
    const progress = await importFile(timer, started.base, headers, file);
    const seconds = (performance.now() - clock) / 1000;
    const apiCpu = process.cpuUsage(cpuBefore.api);
    const serverCpu = localServer ? `, PostgreSQL ${((await serverCpuSeconds(pid)) - cpuBefore.server).toFixed(1)} s` : '';
    process.stdout.write(
      `\n${ROWS} rows: ${JSON.stringify(progress)}\nCPU: API ${((apiCpu.user + apiCpu.system) / 1e6).toFixed(1)} s${serverCpu}\nupload to completed: ${seconds.toFixed(1)} s\n`,
    );
  } finally {
    await probe.end().catch(() => undefined);
    await app?.close();
    await dropDatabase(server.url, name);
    await server.stop();
  }
}

await main();
