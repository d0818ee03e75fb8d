import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Jest loads global hooks as CommonJS without the module mapper, hence the explicit .ts extension.
import { startEmbeddedPostgres } from '../../src/core/database/embedded-postgres.ts';

/**
 * Once per run: a PostgreSQL server, embedded unless TEST_DATABASE_URL names one. The first test file to need it
 * builds a migrated template database there; every test file then clones the template (see test-app.ts).
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const folder = await mkdtemp(join(tmpdir(), 'crm-test-'));
    // As root the server runs as the `postgres` user, which must be able to enter the folder.
    await chmod(folder, 0o755);
    const dataDir = join(folder, 'pg');
    const server = await startEmbeddedPostgres({ dataDir, persistent: false });
    (globalThis as Record<string, unknown>).__crmTestServer = { ...server, dataDir };
    serverUrl = server.url;
  }
  process.env.CRM_TEST_SERVER_URL = serverUrl;
  process.env.CRM_TEST_TEMPLATE = `crm_test_template_${process.pid}`;
}
