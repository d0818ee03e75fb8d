import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { setTimeout } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

const webRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where this test run's build of the web app goes; the global teardown removes it. */
export function webBuildFolder(): string {
  return join(tmpdir(), `crm-web-${process.env.CRM_TEST_TEMPLATE ?? process.ppid}`);
}

/**
 * Builds the web app from the current sources once per test run, so no test sees a stale build and parallel
 * browser test files do not each spend seconds of CPU on the same build: the first to take the lock builds,
 * the others wait for its marker.
 */
export async function buildWebApp(): Promise<string> {
  const outDir = webBuildFolder();
  const done = join(outDir, '.built');
  const failed = `${outDir}.failed`;
  if (await mkdir(`${outDir}.lock`).then(() => true, () => false)) {
    const result = spawnSync(process.execPath, [join(webRoot, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: webRoot,
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      await writeFile(failed, `${result.stdout}\n${result.stderr}`);
      throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
    }
    await writeFile(done, '');
    return outDir;
  }
  for (const started = Date.now(); Date.now() - started < 180_000; await setTimeout(200)) {
    if (existsSync(done)) return outDir;
    if (existsSync(failed)) throw new Error(`vite build failed in another test file:\n${await readFile(failed, 'utf8')}`);
  }
  throw new Error('Timed out waiting for the web app build');
}

/** Debian's Chromium, headless; the flags keep it off the network this machine does not have. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Where screenshots go: test-results/ at the top of the project, ignored by git. */
export async function screenshotPath(name: string): Promise<string> {
  const folder = resolve(webRoot, '../../test-results/screenshots');
  await mkdir(folder, { recursive: true });
  return join(folder, `${name}.png`);
}
