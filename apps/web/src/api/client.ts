import { ApiProblem, createApiClient, type paths, unwrap, type Schema } from '@crm/api-client';

/**
 * The one API client of the web app. The access token lives in memory only; the refresh token survives a reload in
 * localStorage. A token close to expiry is refreshed before the request; a 401 triggers one refresh and a retry.
 * Concurrent requests wait for the same refresh, so a token is never refreshed twice.
 */

type TokenPair = Schema<'TokenPairDto'>;

const REFRESH_TOKEN = 'crm.refreshToken';
const EXPIRY_MARGIN_MS = 30_000;

let accessToken: string | null = null;
let accessExpiresAt = 0;
let refreshing: Promise<boolean> | null = null;
let onSessionExpired: () => void = () => undefined;

function store(pair: TokenPair): void {
  accessToken = pair.accessToken;
  accessExpiresAt = Date.parse(pair.accessTokenExpiresAt);
  localStorage.setItem(REFRESH_TOKEN, pair.refreshToken);
}

export function clearTokens(): void {
  accessToken = null;
  accessExpiresAt = 0;
  localStorage.removeItem(REFRESH_TOKEN);
}

export function hasSession(): boolean {
  return accessToken !== null || localStorage.getItem(REFRESH_TOKEN) !== null;
}

/** Called when the session cannot be renewed; the session store sends the user to sign in. */
export function whenSessionExpires(handler: () => void): void {
  onSessionExpired = handler;
}

/** Sign-in, refresh and sign-out go through a client of their own, which never asks for a token itself. */
const sessionApi = createApiClient({ baseUrl: window.location.origin });

/** Trades the stored refresh token for a new pair; false if there is none or it is no longer valid. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = localStorage.getItem(REFRESH_TOKEN);
    if (!refreshToken) return false;
    const { data, response } = await sessionApi.POST('/api/v1/auth/refresh', { body: { refreshToken } });
    if (data) {
      store(data);
      return true;
    }
    // Only a definite refusal ends the session; a network fault or 5xx keeps the token for the next try.
    if (response.status === 401) clearTokens();
    return false;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function currentToken(): Promise<string | null> {
  if (accessToken && Date.now() < accessExpiresAt - EXPIRY_MARGIN_MS) return accessToken;
  if (localStorage.getItem(REFRESH_TOKEN)) await refreshSession();
  return accessToken;
}

async function fetchWithRenewal(request: Request): Promise<Response> {
  const retry = request.clone();
  const response = await fetch(request);
  if (response.status !== 401) return response;
  if (await refreshSession()) {
    retry.headers.set('authorization', `Bearer ${accessToken}`);
    return fetch(retry);
  }
  clearTokens();
  onSessionExpired();
  return response;
}

export const api = createApiClient({
  baseUrl: window.location.origin,
  getToken: async () => (await currentToken()) ?? undefined,
  fetch: fetchWithRenewal,
});

/**
 * A long-lived streamed answer (Server-Sent Events) for `path`, authorized and renewed like every call: the caller reads
 * `response.body` until it ends or `signal` aborts. EventSource cannot send the Authorization header, hence fetch.
 */
export async function openStream(path: keyof paths, options: { lastEventId?: string; signal?: AbortSignal } = {}): Promise<Response> {
  const headers = new Headers({ accept: 'text/event-stream' });
  const token = await currentToken();
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (options.lastEventId) headers.set('last-event-id', options.lastEventId);
  return fetchWithRenewal(new Request(new URL(path, window.location.origin), { headers, signal: options.signal, cache: 'no-store' }));
}

export async function signIn(email: string, password: string): Promise<void> {
  store(await unwrap(sessionApi.POST('/api/v1/auth/login', { body: { email, password } })));
}

/** The demo accounts the sign-in page may offer; none when the server is not in demo mode or unreachable. */
export async function getSignInOptions(): Promise<Schema<'SignInOptionsDto'> | null> {
  const { data } = await sessionApi.GET('/api/v1/auth/sign-in-options').catch(() => ({ data: undefined }));
  return data ?? null;
}

export async function signOut(): Promise<void> {
  const refreshToken = localStorage.getItem(REFRESH_TOKEN);
  clearTokens();
  if (refreshToken) await sessionApi.POST('/api/v1/auth/logout', { body: { refreshToken } }).catch(() => undefined);
}

export { ApiProblem, unwrap };
export type { Schema };
