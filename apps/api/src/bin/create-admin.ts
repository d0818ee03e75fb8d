import 'reflect-metadata';
import { loadConfig } from '../core/config/app-config.js';
import { openDatabaseServer } from '../core/database/database-server.js';
import { runMigrations } from '../core/database/data-source.js';
import { ensureAdmin } from './admin.js';

// Usage: pnpm create-admin <email> <password> [name]
const [email, password, name] = process.argv.slice(2);
if (!email || !password) {
  process.stderr.write('Usage: create-admin <email> <password> [name]\n');
  process.exit(2);
}
const database = await openDatabaseServer(loadConfig(), (message) => process.stderr.write(`${message}\n`));
try {
  await runMigrations(database.url);
  const created = await ensureAdmin(database.url, email, password, name);
  process.stdout.write(created ? `Created admin ${email}\n` : `A user with email ${email} already exists; nothing changed\n`);
} finally {
  await database.stop();
}
