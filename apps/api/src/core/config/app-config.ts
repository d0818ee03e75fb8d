import { resolve } from 'node:path';
import { isCurrencyCode } from '../money/money.js';

/**
 * Every setting of the API, read once from the environment. README.md and .env.example document each one;
 * keep the three in step.
 */
export interface AppConfig {
  env: 'production' | 'development' | 'test';
  host: string;
  port: number;
  /** External PostgreSQL; when absent the API runs an embedded server with its data under `embeddedPgDir`. */
  databaseUrl: string | null;
  embeddedPgDir: string;
  embeddedPgPort: number | null;
  dbPoolSize: number;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  corsOrigins: string[];
  logLevel: string;
  /** Failed logins allowed per account, and per client address, inside `loginWindowSeconds`. */
  loginMaxFailuresPerAccount: number;
  loginMaxFailuresPerIp: number;
  loginWindowSeconds: number;
  /** Requests per minute per client address across the API; 0 turns the limiter off. */
  rateLimitPerMinute: number;
  trustProxy: boolean;
  adminEmail: string | null;
  adminPassword: string | null;
  demoData: boolean;
  /** Built web app to serve at `/`; null when it is not built. */
  webDist: string | null;
  publicUrl: string | null;
  /** ISO country whose numbers may be written without a country code, e.g. LV. */
  defaultPhoneRegion: string;
  /** ISO 4217 currency of new deals and products when none is given, e.g. EUR. */
  defaultCurrency: string;
  /** SMTP server for e-mail, e.g. smtp://user:pass@host:587; null turns e-mail off. */
  smtpUrl: string | null;
  /** Sender of the e-mails, e.g. `CRM <crm@example.com>`; required with `smtpUrl`. */
  mailFrom: string | null;
}

export class ConfigError extends Error {}

const DEV_JWT_SECRET = 'development-only-secret-do-not-use-in-production';

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function str(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name]?.trim();
  return raw ? raw : null;
}

function smtpUrl(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = str(env, name);
  if (!raw) return null;
  let protocol: string;
  try {
    protocol = new URL(raw).protocol;
  } catch {
    throw new ConfigError(`${name} must be a URL such as smtp://user:password@host:587`);
  }
  if (protocol !== 'smtp:' && protocol !== 'smtps:') throw new ConfigError(`${name} must start with smtp:// or smtps://`);
  return raw;
}

function currency(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = str(env, name)?.toUpperCase() ?? fallback;
  if (!isCurrencyCode(raw)) throw new ConfigError(`${name} must be an ISO 4217 currency code such as EUR, got "${env[name]}"`);
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const jwtSecret = str(env, 'JWT_SECRET');
  if (nodeEnv === 'production' && !overrides.jwtSecret) {
    if (!jwtSecret) throw new ConfigError('JWT_SECRET must be set in production');
    if (jwtSecret.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters long');
  }
  const projectRoot = resolve(import.meta.dirname, '../../../../..');
  const config: AppConfig = {
    env: nodeEnv,
    host: str(env, 'HOST') ?? '0.0.0.0',
    port: int(env, 'PORT', 3000),
    databaseUrl: str(env, 'DATABASE_URL'),
    embeddedPgDir: resolve(str(env, 'EMBEDDED_PG_DIR') ?? resolve(projectRoot, '.data/postgres')),
    embeddedPgPort: env.EMBEDDED_PG_PORT ? int(env, 'EMBEDDED_PG_PORT', 0) : null,
    dbPoolSize: int(env, 'DATABASE_POOL_SIZE', 10),
    jwtSecret: jwtSecret ?? DEV_JWT_SECRET,
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL', 900),
    refreshTokenTtlSeconds: int(env, 'REFRESH_TOKEN_TTL', 30 * 24 * 3600),
    corsOrigins: (str(env, 'CORS_ORIGINS') ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    logLevel: str(env, 'LOG_LEVEL') ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    loginMaxFailuresPerAccount: int(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 5),
    loginMaxFailuresPerIp: int(env, 'LOGIN_MAX_FAILURES_PER_IP', 20),
    loginWindowSeconds: int(env, 'LOGIN_WINDOW_SECONDS', 900),
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 1200),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    adminEmail: str(env, 'ADMIN_EMAIL'),
    adminPassword: str(env, 'ADMIN_PASSWORD'),
    demoData: bool(env, 'DEMO_DATA', false),
    webDist: str(env, 'WEB_DIST') ? resolve(str(env, 'WEB_DIST')!) : resolve(projectRoot, 'apps/web/dist'),
    publicUrl: str(env, 'PUBLIC_URL'),
    defaultPhoneRegion: (str(env, 'DEFAULT_PHONE_REGION') ?? 'LV').toUpperCase(),
    defaultCurrency: currency(env, 'DEFAULT_CURRENCY', 'EUR'),
    smtpUrl: smtpUrl(env, 'SMTP_URL'),
    mailFrom: str(env, 'MAIL_FROM'),
    ...overrides,
  };
  if (config.smtpUrl && !config.mailFrom) throw new ConfigError('MAIL_FROM must be set when SMTP_URL is, e.g. "CRM <crm@example.com>"');
  return config;
}

/** Injection token for the AppConfig value. */
export const APP_CONFIG = Symbol('APP_CONFIG');
