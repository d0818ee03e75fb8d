import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createApp } from '../app.js';
import { loadConfig } from '../core/config/app-config.js';
import { createLogger } from '../core/logging/logger.js';
import { buildOpenApiDocument, openApiYaml } from '../core/openapi/openapi-document.js';

/** Writes openapi.yaml from the decorators, booting the application without a database or a port. */
export async function generateOpenApiYaml(): Promise<string> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, { webDist: null });
  const app = await createApp(config, 'postgres://openapi@127.0.0.1:1/none', createLogger('silent'), { connect: false });
  try {
    return openApiYaml(buildOpenApiDocument(app));
  } finally {
    await app.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = resolve(process.argv[2] ?? 'openapi.yaml');
  await writeFile(target, await generateOpenApiYaml());
  process.stdout.write(`Wrote ${target}\n`);
}
