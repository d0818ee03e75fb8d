import 'reflect-metadata';
import { loadConfig } from '../core/config/app-config.js';
import { openDatabaseServer } from '../core/database/database-server.js';
import { runMigrations } from '../core/database/data-source.js';

const database = await openDatabaseServer(loadConfig(), (message) => process.stderr.write(`${message}\n`));
try {
  const applied = await runMigrations(database.url);
  process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date\n');
} finally {
  await database.stop();
}
