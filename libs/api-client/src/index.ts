/**
 * The CRM's TypeScript SDK: openapi-fetch typed by `schema.ts`, which openapi-typescript generates from the
 * committed `openapi.yaml` (`pnpm openapi` regenerates both). Paths, parameters and bodies are checked against
 * the API description, so a breaking API change breaks the build of every caller.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, operations, paths } from './schema.js';
export { ApiProblem, isProblem, unwrap, type Problem } from './problem.js';

export type ApiClient = Client<paths>;

type MaybePromise<T> = T | Promise<T>;

export interface ApiClientOptions {
  /** Where the CRM runs, e.g. `https://crm.example.com`; the paths already start with `/api/v1`. */
  baseUrl: string;
  /** A fixed access token (or `crm_…` API key) sent as `Authorization: Bearer …`. */
  token?: string;
  /** Asked before every request, so a session can hand out a refreshed token; nothing is sent for null. */
  getToken?: () => MaybePromise<string | null | undefined>;
  /** An API key sent as `X-API-Key`, for integrations. */
  apiKey?: string;
  /** Another fetch, e.g. one that retries or records; defaults to the global one. */
  fetch?: (request: Request) => Promise<Response>;
}

/** A client for every operation of the API: `client.GET('/api/v1/auth/me')` returns `{ data, error, response }`. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    // Resolve the global fetch per call, so a test or polyfill that replaces it later still takes effect.
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
  });
  client.use({
    async onRequest({ request }) {
      if (options.apiKey && !request.headers.has('x-api-key')) request.headers.set('x-api-key', options.apiKey);
      const token = options.getToken ? await options.getToken() : options.token;
      if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
  });
  return client;
}

/** A schema of the API by name, e.g. `Schema<'MeDto'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];
