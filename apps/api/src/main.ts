import 'reflect-metadata';
import { createApp } from './app.js';
import { ensureAdmin } from './bin/admin.js';
import { seedDemoData } from './bin/demo-data.js';
import { loadConfig } from './core/config/app-config.js';
import { openDatabaseServer } from './core/database/database-server.js';
import { runMigrations } from './core/database/data-source.js';
import { createLogger } from './core/logging/logger.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env, process.argv.includes('--demo') ? { demoData: true } : {});
  const logger = createLogger(config.logLevel);
  const database = await openDatabaseServer(config, (message) => logger.info(message));
  const stopDatabase = async () => {
    await database.stop().catch((error: unknown) => logger.error({ err: error }, 'Could not stop embedded PostgreSQL'));
  };
  try {
    const applied = await runMigrations(database.url);
    if (applied.length) logger.info({ migrations: applied }, 'Applied migrations');
    if (config.adminEmail && config.adminPassword) await ensureAdmin(database.url, config.adminEmail, config.adminPassword);
    const demoLogins = config.demoData ? await seedDemoData(database.url) : [];

    const app = await createApp(config, database.url, logger);
    // Embedded PostgreSQL lives and dies with this process; Nest closes the app first on SIGTERM/SIGINT.
    app.getHttpAdapter().getInstance().addHook('onClose', stopDatabase);
    await app.listen({ port: config.port, host: config.host });
    const url = config.publicUrl ?? `http://localhost:${config.port}`;
    const lines = [`CRM is running at ${url}`, `API docs: ${url}/api/docs`];
    if (demoLogins.length) {
      lines.push('Demo logins (password for all: demo-password):', ...demoLogins.map((login) => `  ${login.role.padEnd(11)} ${login.email}`));
    }
    process.stdout.write(`\n${lines.join('\n')}\n\n`);
  } catch (error) {
    logger.fatal({ err: error }, 'Could not start');
    await stopDatabase();
    process.exitCode = 1;
  }
}

await main();
