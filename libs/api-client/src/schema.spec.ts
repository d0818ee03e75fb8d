import { readFile } from 'node:fs/promises';
import { describe, it } from '@jest/globals';
import { generateSchema, OPENAPI_FILE, SCHEMA_FILE } from '../scripts/generate-schema.js';

describe('src/schema.ts', () => {
  it('is what openapi-typescript makes of the committed openapi.yaml', async () => {
    const [openApiYaml, committed] = await Promise.all([readFile(OPENAPI_FILE, 'utf8'), readFile(SCHEMA_FILE, 'utf8').catch(() => '')]);
    if (committed !== (await generateSchema(openApiYaml))) {
      throw new Error('libs/api-client/src/schema.ts is out of date with openapi.yaml: run pnpm openapi');
    }
  });
});
