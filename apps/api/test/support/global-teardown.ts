import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';

export default async function globalTeardown(): Promise<void> {
  // The browser tests' shared build of the web app (apps/web/e2e/support/browser.ts names it after the run).
  const webBuild = join(tmpdir(), `crm-web-${process.env.CRM_TEST_TEMPLATE}`);
  for (const path of [webBuild, `${webBuild}.lock`, `${webBuild}.failed`]) await rm(path, { recursive: true, force: true });

  const server = (globalThis as Record<string, unknown>).__crmTestServer as { stop(): Promise<void>; dataDir: string } | undefined;
  if (server) {
    await server.stop();
    await rm(dirname(server.dataDir), { recursive: true, force: true });
    return;
  }
  // On an external server the template must go; the per-file databases are dropped by their files.
  const client = new pg.Client({ connectionString: process.env.CRM_TEST_SERVER_URL });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${process.env.CRM_TEST_TEMPLATE}" WITH (FORCE)`);
  await client.end();
}
