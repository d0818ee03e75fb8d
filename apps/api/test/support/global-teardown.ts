import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import pg from 'pg';

export default async function globalTeardown(): Promise<void> {
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
