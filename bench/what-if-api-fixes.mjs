/**
 * What-if experiment, not part of the harness: applies recommended API changes to the built API in its own process,
 * so their effect can be measured before anyone edits apps/. Loaded into every process of a run, it acts only in
 * the API's.
 *
 *   FIX=jwt,custom-fields NODE_OPTIONS="--import ./bench/what-if-api-fixes.mjs" pnpm bench:run
 *
 * jwt            passport-jwt hands jsonwebtoken a KeyObject instead of the JWT_SECRET string (see docs/benchmarks.md).
 * custom-fields  CustomFieldsService.fieldSet keeps its answer 5 s per entity instead of a query per list request.
 */
import { createSecretKey } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const fixes = new Set((process.env.FIX ?? '').split(',').filter(Boolean));
const apiDist = resolve(import.meta.dirname, '../apps/api/dist');

if (process.argv[1] === resolve(apiDist, 'main.js')) {
  const apiRequire = createRequire(resolve(apiDist, '../package.json'));
  if (fixes.has('jwt')) {
    const passportJwt = apiRequire.resolve('passport-jwt');
    const jwt = createRequire(resolve(dirname(passportJwt), '../package.json'))('jsonwebtoken');
    const verify = jwt.verify;
    const keys = new Map();
    jwt.verify = function (token, secret, ...rest) {
      if (typeof secret === 'string') {
        if (!keys.has(secret)) keys.set(secret, createSecretKey(Buffer.from(secret)));
        secret = keys.get(secret);
      }
      return verify.call(this, token, secret, ...rest);
    };
  }
  if (fixes.has('custom-fields')) {
    const { CustomFieldsService } = await import(pathToFileURL(resolve(apiDist, 'modules/custom-fields/custom-fields.service.js')).href);
    const fieldSet = CustomFieldsService.prototype.fieldSet;
    const cache = new Map();
    CustomFieldsService.prototype.fieldSet = function (entity) {
      const hit = cache.get(entity);
      if (hit && Date.now() - hit.at < 5000) return hit.value;
      const value = fieldSet.call(this, entity);
      cache.set(entity, { value, at: Date.now() });
      return value;
    };
  }
}
