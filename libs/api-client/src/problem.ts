import type { components } from './schema.js';

/** An RFC 9457 problem body (`application/problem+json`), the answer of every failed request. */
export type Problem = components['schemas']['ProblemDto'];

export function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return typeof body.status === 'number' && typeof body.code === 'string' && typeof body.title === 'string';
}

/** A failed request as an error to throw; `code` is stable and meant for branching, `detail` for people. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;

  constructor(
    readonly problem: Problem,
    readonly response?: Response,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiProblem';
    this.status = problem.status;
    this.code = problem.code;
  }

  /** The id to quote in a support request; it is in the API's logs too. */
  get requestId(): string | undefined {
    return this.problem.requestId ?? this.response?.headers.get('x-request-id') ?? undefined;
  }

  /** Messages per invalid field (`emails[0].value` → messages), for a validation problem. */
  get fieldErrors(): Record<string, string[]> {
    return Object.fromEntries((this.problem.errors ?? []).map((error) => [error.field, error.messages]));
  }

  /**
   * The problem of a failed response. A body that is no problem (a proxy's 502 page, a lost connection's empty
   * answer) becomes one with code `http_<status>`, so callers handle a single shape.
   */
  static from(body: unknown, response: Response): ApiProblem {
    if (isProblem(body)) return new ApiProblem(body, response);
    const title = response.statusText || `HTTP ${response.status}`;
    return new ApiProblem({ type: 'about:blank', title, status: response.status, code: `http_${response.status}` }, response);
  }
}

type Answer = { data?: unknown; error?: unknown; response: Response };
type DataOf<R> = R extends { data: infer Data } ? ([Data] extends [never] ? undefined : Data) : never;

/**
 * The data of a successful call, or an `ApiProblem` thrown for a failed one:
 * `const me = await unwrap(client.GET('/api/v1/auth/me'))`.
 */
export async function unwrap<R extends Answer>(call: Promise<R>): Promise<DataOf<R>> {
  const { data, error, response } = await call;
  if (!response.ok) throw ApiProblem.from(error, response);
  return data as DataOf<R>;
}
