import { withClient } from './db-client.js';
import type { AppConfig } from '../config/app-config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface DatabaseServer {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** The configured external server, or an embedded one started for this process. */
export async function openDatabaseServer(
  config: AppConfig,
  log: (message: string) => void,
): Promise<DatabaseServer> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  }
  log(`Starting embedded PostgreSQL in ${config.embeddedPgDir}`);
  const server = await startEmbeddedPostgres({ dataDir: config.embeddedPgDir, port: config.embeddedPgPort });
  const url = await ensureDatabase(server.url, 'crm');
  return { url, embedded: true, stop: server.stop };
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

function withDatabaseName(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates database `name` (from `template` if given) on the server behind `serverUrl` unless it exists; returns its URL. */
export async function ensureDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  await withClient(serverUrl, async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ''}`);
    }
  });
  return withDatabaseName(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`));
}
