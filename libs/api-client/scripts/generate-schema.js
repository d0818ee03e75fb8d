// @ts-check
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

/** The committed OpenAPI description, the only input of this package. */
export const OPENAPI_FILE = fileURLToPath(new URL('../../../openapi.yaml', import.meta.url));
/** The committed output: TypeScript types of every path, operation and schema. */
export const SCHEMA_FILE = fileURLToPath(new URL('../src/schema.ts', import.meta.url));

/**
 * The `src/schema.ts` that openapi-typescript makes from this OpenAPI YAML. The drift test calls this too, so the
 * script and the test cannot disagree on options.
 * @param {string} openApiYaml
 * @returns {Promise<string>}
 */
export async function generateSchema(openApiYaml) {
  // A field with a default may still be left out of a request, so defaults do not make fields required.
  const ast = await openapiTS(openApiYaml, { alphabetize: true, silent: true, defaultNonNullable: false });
  return `${COMMENT_HEADER}${astToString(ast)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeFile(SCHEMA_FILE, await generateSchema(await readFile(OPENAPI_FILE, 'utf8')));
  process.stdout.write(`Wrote ${SCHEMA_FILE}\n`);
}
