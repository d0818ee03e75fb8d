import { Injectable } from '@nestjs/common';
import { matrixOfRole, normalizeMatrix, type PartialMatrix, type PermissionMatrix } from '@crm/permissions';
import { DataSource } from 'typeorm';
import { TtlCache } from './ttl-cache.js';

/**
 * Resolves a role to its permission matrix. Built-in roles take theirs from @crm/permissions; custom roles store
 * one. Cached for seconds, so edits reach every instance quickly.
 */
@Injectable()
export class RolePermissionsService {
  private readonly cache = new TtlCache<PermissionMatrix>(5_000);

  constructor(private readonly dataSource: DataSource) {}

  matrixFor(roleId: string): Promise<PermissionMatrix> {
    return this.cache.get(roleId, async () => {
      const rows: { key: string; built_in: boolean; permissions: PartialMatrix }[] = await this.dataSource.query(
        'SELECT key, built_in, permissions FROM roles WHERE id = $1',
        [roleId],
      );
      const row = rows[0];
      return row ? matrixOfRole({ key: row.key, builtIn: row.built_in, permissions: row.permissions }) : normalizeMatrix({});
    });
  }

  /** Drops the cached matrix of a role this instance just changed. */
  forget(roleId: string): void {
    this.cache.forget(roleId);
  }
}
