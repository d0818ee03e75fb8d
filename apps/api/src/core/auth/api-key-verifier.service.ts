import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthenticatedPrincipal } from './actor.js';
import { RolePermissionsService } from './role-permissions.service.js';
import { tokenHash } from './secrets.js';

/** Every API key starts with this, so that a bearer token is told apart from a JWT without trying both. */
export const API_KEY_PREFIX = 'crm_';

// Writing last_used_at on every call would turn each read into a write; a minute of precision is enough.
const LAST_USED_PRECISION_MS = 60_000;

@Injectable()
export class ApiKeyVerifier {
  private readonly logger = new Logger(ApiKeyVerifier.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly roles: RolePermissionsService,
  ) {}

  async verify(key: string): Promise<AuthenticatedPrincipal | null> {
    if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
    const rows: { id: string; role_id: string; user_id: string; team_id: string | null; last_used_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT k.id, k.role_id, k.user_id, u.team_id, k.last_used_at
           FROM api_keys k JOIN users u ON u.id = k.user_id
          WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now()) AND u.active`,
        [tokenHash(key)],
      );
    const row = rows[0];
    if (!row) return null;
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_PRECISION_MS) {
      this.dataSource
        .query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [row.id])
        .catch((error: unknown) => this.logger.warn({ err: error }, 'Could not record API key use'));
    }
    return {
      kind: 'api_key',
      userId: row.user_id,
      teamId: row.team_id,
      roleId: row.role_id,
      permissions: await this.roles.matrixFor(row.role_id),
      apiKeyId: row.id,
    };
  }
}
