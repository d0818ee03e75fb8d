import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TtlCache } from './ttl-cache.js';

export interface UserStatus {
  active: boolean;
  roleId: string;
  teamId: string | null;
}

/**
 * The current role, team and active flag of a user. An access token names the role and team it was issued with;
 * reading them here instead means a deactivation, a new role or a team move takes effect within seconds, not at
 * the token's expiry.
 */
@Injectable()
export class UserStatusService {
  private readonly cache = new TtlCache<UserStatus | null>(5_000);

  constructor(private readonly dataSource: DataSource) {}

  statusOf(userId: string): Promise<UserStatus | null> {
    return this.cache.get(userId, async () => {
      const rows: { active: boolean; role_id: string; team_id: string | null }[] = await this.dataSource.query(
        'SELECT active, role_id, team_id FROM users WHERE id = $1',
        [userId],
      );
      const row = rows[0];
      return row ? { active: row.active, roleId: row.role_id, teamId: row.team_id } : null;
    });
  }

  /** Drops the cached status of a user this instance just changed. */
  forget(userId: string): void {
    this.cache.forget(userId);
  }
}
