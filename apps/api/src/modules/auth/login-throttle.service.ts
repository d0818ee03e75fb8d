import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthException } from '../../core/auth/auth.errors.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config.js';

/**
 * Counts failed logins per account and per client address in PostgreSQL, so the limit holds across every API
 * instance. Past the limit, logins answer 429 with Retry-After until the oldest failure leaves the window.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private keys(email: string, ip: string): [string, number][] {
    return [
      [`account:${email.toLowerCase()}`, this.config.loginMaxFailuresPerAccount],
      [`ip:${ip}`, this.config.loginMaxFailuresPerIp],
    ];
  }

  async assertAllowed(email: string, ip: string): Promise<void> {
    const window = this.config.loginWindowSeconds;
    for (const [key, max] of this.keys(email, ip)) {
      if (max === 0) continue;
      const [row]: { failures: number; retry_after: number | null }[] = await this.dataSource.query(
        `SELECT count(*)::int AS failures,
                ceil(extract(epoch FROM min(failed_at) + make_interval(secs => $2) - now()))::int AS retry_after
           FROM (SELECT failed_at FROM login_failures
                  WHERE key = $1 AND failed_at > now() - make_interval(secs => $2)
                  ORDER BY failed_at DESC LIMIT $3) recent`,
        [key, window, max],
      );
      if (row && row.failures >= max) {
        const retryAfter = Math.max(1, row.retry_after ?? window);
        throw new AuthException(
          'too_many_attempts',
          `Too many failed sign-ins; try again in ${retryAfter} s.`,
          { retryAfter },
          { 'retry-after': String(retryAfter) },
        );
      }
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip).map(([key]) => key);
    await this.dataSource.query(
      `WITH pruned AS (
         DELETE FROM login_failures WHERE key = ANY($1) AND failed_at <= now() - make_interval(secs => $2)
       )
       INSERT INTO login_failures (key) SELECT unnest($1::varchar[])`,
      [keys, this.config.loginWindowSeconds],
    );
  }

  async clearAccount(email: string): Promise<void> {
    await this.dataSource.query('DELETE FROM login_failures WHERE key = $1', [`account:${email.toLowerCase()}`]);
  }
}
