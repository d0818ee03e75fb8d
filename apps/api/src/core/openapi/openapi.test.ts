import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { generateOpenApiYaml } from '../../bin/openapi.js';

const ROOT = resolve(import.meta.dirname, '../../../../..');
const OPENAPI_FILE = join(ROOT, 'openapi.yaml');

/** The first line where two texts part, to show what changed without dumping a thousand-line diff. */
function firstDifference(committed: string, generated: string): string {
  const [a, b] = [committed.split('\n'), generated.split('\n')];
  const line = a.findIndex((text, index) => text !== b[index]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at] ?? '<end>')}, generated ${JSON.stringify(b[at] ?? '<end>')}`;
}

describe('openapi.yaml', () => {
  it('matches the decorators of the API', async () => {
    const [committed, generated] = await Promise.all([readFile(OPENAPI_FILE, 'utf8').catch(() => ''), generateOpenApiYaml()]);
    if (committed !== generated) {
      throw new Error(`openapi.yaml is out of date with the API (${firstDifference(committed, generated)}): run pnpm openapi`);
    }
  });

  it('comes out the same on every run', async () => {
    expect(await generateOpenApiYaml()).toBe(await generateOpenApiYaml());
  });

  it('passes Spectral with no errors', async () => {
    const spectral = join(dirname(createRequire(import.meta.url).resolve('@stoplight/spectral-cli/package.json')), 'dist/index.js');
    const run = promisify(execFile)(
      process.execPath,
      [spectral, 'lint', OPENAPI_FILE, '--ruleset', join(ROOT, '.spectral.yaml'), '--format', 'json', '--quiet'],
      { cwd: ROOT },
    );
    // Spectral exits with 1 when it finds errors, the findings on stdout all the same; other codes are its own failures.
    const { stdout } = await run.catch((error: { code?: number; stdout?: string }) => {
      if (error.code === 1 && error.stdout) return { stdout: error.stdout };
      throw error;
    });
    const errors = (JSON.parse(stdout) as { severity: number; code: string; message: string; path: string[] }[])
      .filter((finding) => finding.severity === 0)
      .map((finding) => `${finding.code} at ${finding.path.join('.')}: ${finding.message}`);
    expect(errors).toEqual([]);
  }, 30_000);
});
