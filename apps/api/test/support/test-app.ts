import { randomBytes } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import supertest from 'supertest';
import { createApp } from '../../src/app.js';
import type { AccessTokenClaims } from '../../src/core/auth/access-token.js';
import { hashPassword } from '../../src/core/auth/secrets.js';
import { type AppConfig, loadConfig } from '../../src/core/config/app-config.js';
import { dropDatabase, ensureDatabase } from '../../src/core/database/database-server.js';
import { runMigrations } from '../../src/core/database/data-source.js';
import { withClient } from '../../src/core/database/db-client.js';
import { createLogger } from '../../src/core/logging/logger.js';

export const TEST_PASSWORD = 'correct horse battery';

/**
 * The people every API test works with: two teams, so that `team` and `own` levels can be told apart.
 * `rep` and `rep2` share team North with `head`; `repSouth` is in team South.
 */
export const FIXTURE_USERS = {
  admin: { role: 'admin', team: null },
  head: { role: 'sales_head', team: 'North' },
  rep: { role: 'sales_rep', team: 'North' },
  rep2: { role: 'sales_rep', team: 'North' },
  repSouth: { role: 'sales_rep', team: 'South' },
  headSouth: { role: 'sales_head', team: 'South' },
  operator: { role: 'operator', team: 'North' },
  analyst: { role: 'analyst', team: null },
} as const;

export type FixtureUser = keyof typeof FIXTURE_USERS;

export interface SeededUser {
  id: string;
  email: string;
  teamId: string | null;
  roleId: string;
}

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof supertest>;
  /** Base URL of the app listening on a loopback port, for clients that need a real socket. */
  baseUrl: string;
  databaseUrl: string;
  users: Record<FixtureUser, SeededUser>;
  teams: Record<'North' | 'South', string>;
  roles: Record<string, string>;
  /** Pre-minted access tokens, one per fixture user. */
  tokens: Record<FixtureUser, string>;
  /** `Authorization` header value for a fixture user. */
  auth(user: FixtureUser): string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

let passwordHash: Promise<string> | undefined;

// Test files run in parallel workers; one lock makes the first build the template and keeps clones off it meanwhile.
const TEMPLATE_LOCK = 7_340_022;

async function cloneTemplate(serverUrl: string, template: string, name: string): Promise<string> {
  return withClient(serverUrl, async (lock) => {
    await lock.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      await runMigrations(await ensureDatabase(serverUrl, template));
      return await ensureDatabase(serverUrl, name, template);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
}

/** A fresh database cloned from the migrated template, the fixture users in it, and the API on top. */
export async function startTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const serverUrl = process.env.CRM_TEST_SERVER_URL;
  const template = process.env.CRM_TEST_TEMPLATE;
  if (!serverUrl || !template) throw new Error('The API test global setup did not run');
  const name = `crm_test_${randomBytes(6).toString('hex')}`;
  const databaseUrl = await cloneTemplate(serverUrl, template, name);

  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  const seeded = await withClient(databaseUrl, async (client) => {
    const roles = Object.fromEntries(
      (await client.query<{ key: string; id: string }>('SELECT key, id FROM roles')).rows.map((row) => [row.key, row.id]),
    );
    const teams = {} as Record<'North' | 'South', string>;
    for (const team of ['North', 'South'] as const) {
      teams[team] = (await client.query<{ id: string }>('INSERT INTO teams (name) VALUES ($1) RETURNING id', [team])).rows[0]!.id;
    }
    const users = {} as Record<FixtureUser, SeededUser>;
    for (const [key, fixture] of Object.entries(FIXTURE_USERS) as [FixtureUser, (typeof FIXTURE_USERS)[FixtureUser]][]) {
      const email = `${key.toLowerCase()}@test.crm`;
      const teamId = fixture.team ? teams[fixture.team] : null;
      const roleId = roles[fixture.role]!;
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO users (email, name, password_hash, team_id, role_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [email, `Test ${key}`, hash, teamId, roleId],
      );
      users[key] = { id: rows[0]!.id, email, teamId, roleId };
    }
    return { roles, teams, users };
  });

  const config = loadConfig(
    { NODE_ENV: 'test' },
    { rateLimitPerMinute: 0, webDist: null, logLevel: process.env.TEST_LOG_LEVEL ?? 'silent', dbPoolSize: 4, ...overrides },
  );
  const app = await createApp(config, databaseUrl, createLogger(config.logLevel));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const jwt = app.get(JwtService);
  const tokens = {} as Record<FixtureUser, string>;
  for (const [key, user] of Object.entries(seeded.users) as [FixtureUser, SeededUser][]) {
    const claims: AccessTokenClaims = { sub: user.id, tid: user.teamId, rid: user.roleId, typ: 'access' };
    tokens[key] = await jwt.signAsync(claims);
  }

  return {
    app,
    http: supertest(app.getHttpServer()),
    baseUrl,
    databaseUrl,
    ...seeded,
    tokens,
    auth: (user) => `Bearer ${tokens[user]}`,
    query: (sql, params = []) => withClient(databaseUrl, async (client) => (await client.query(sql, params)).rows),
    async close() {
      await app.close();
      await dropDatabase(serverUrl, name);
    },
  };
}
