import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('refuses to start in production without a strong JWT secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/at least 32/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).jwtSecret).toBe('x'.repeat(32));
  });

  it('reads numbers, lists and flags, and rejects malformed ones', () => {
    const config = loadConfig({ PORT: '8080', CORS_ORIGINS: 'https://a.example, https://b.example', TRUST_PROXY: 'yes', DATABASE_POOL_SIZE: '25' });
    expect(config).toMatchObject({ port: 8080, corsOrigins: ['https://a.example', 'https://b.example'], trustProxy: true, dbPoolSize: 25 });
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DEMO_DATA: 'maybe' })).toThrow(/DEMO_DATA/);
  });

  it('uses an embedded database under the project unless DATABASE_URL is set', () => {
    expect(loadConfig({}).databaseUrl).toBeNull();
    expect(loadConfig({}).embeddedPgDir).toMatch(/\.data\/postgres$/);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/crm' }).databaseUrl).toBe('postgres://db/crm');
  });

  it('takes an ISO 4217 default currency, EUR unless told', () => {
    expect(loadConfig({}).defaultCurrency).toBe('EUR');
    expect(loadConfig({ DEFAULT_CURRENCY: 'usd' }).defaultCurrency).toBe('USD');
    expect(() => loadConfig({ DEFAULT_CURRENCY: 'EURO' })).toThrow(/DEFAULT_CURRENCY/);
    expect(() => loadConfig({ DEFAULT_CURRENCY: 'XYZ' })).toThrow(/DEFAULT_CURRENCY/);
  });

  it('turns e-mail on with an SMTP URL and a sender, and off without a URL', () => {
    expect(loadConfig({})).toMatchObject({ smtpUrl: null, mailFrom: null });
    const config = loadConfig({ SMTP_URL: 'smtp://user:secret@mail.example:587', MAIL_FROM: 'CRM <crm@example.com>' });
    expect(config).toMatchObject({ smtpUrl: 'smtp://user:secret@mail.example:587', mailFrom: 'CRM <crm@example.com>' });
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example' })).toThrow(/MAIL_FROM/);
    expect(() => loadConfig({ SMTP_URL: 'mail.example:25', MAIL_FROM: 'crm@example.com' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ SMTP_URL: 'https://mail.example', MAIL_FROM: 'crm@example.com' })).toThrow(/SMTP_URL/);
  });
});
