// Prints the gzip size of the JavaScript a browser loads for the sign-in page: the entry with its static imports, and
// the lazily loaded login route with its own. Run after `vite build`: node scripts/bundle-size.mjs
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url);
const manifest = JSON.parse(await readFile(new URL('.vite/manifest.json', dist), 'utf8'));

function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dependency of manifest[key].imports ?? []) closure(dependency, seen);
  return seen;
}

const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
const login = Object.keys(manifest).find((key) => key.endsWith('features/auth/LoginPage.vue'));
const files = [...closure(login, closure(entry))].map((key) => manifest[key].file).filter((file) => file.endsWith('.js'));

let raw = 0;
let gzip = 0;
for (const file of files) {
  const content = await readFile(new URL(file, dist));
  raw += content.length;
  gzip += gzipSync(content, { level: 9 }).length;
}
const kb = (bytes) => (bytes / 1024).toFixed(1);
process.stdout.write(`Login route: ${files.length} JavaScript files, ${kb(raw)} KB raw, ${kb(gzip)} KB gzip\n`);
