import { Injectable } from '@nestjs/common';
import { matrixOfRole, normalizeMatrix, type PartialMatrix, type PermissionMatrix } from '@crm/permissions';
import { DataSource } from 'typeorm';

const CACHE_MS = 5_000;

/**
 * Resolves a role to its permission matrix. Built-in roles take theirs from @crm/permissions; custom roles store
 * one. A short cache keeps the hot path free of a query while edits still reach every instance within seconds.
 */
@Injectable()
export class RolePermissionsService {
  private readonly cache = new Map<string, { matrix: PermissionMatrix; key: string; at: number }>();

  constructor(private readonly dataSource: DataSource) {}

  async matrixFor(roleId: string): Promise<PermissionMatrix> {
    const cached = this.cache.get(roleId);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.matrix;
    const rows: { key: string; built_in: boolean; permissions: PartialMatrix }[] = await this.dataSource.query(
      'SELECT key, built_in, permissions FROM roles WHERE id = $1',
      [roleId],
    );
    const row = rows[0];
    const matrix = row ? matrixOfRole({ key: row.key, builtIn: row.built_in, permissions: row.permissions }) : normalizeMatrix({});
    this.cache.set(roleId, { matrix, key: row?.key ?? '', at: Date.now() });
    return matrix;
  }

  /** Drops the cached matrix of a role this instance just changed. */
  forget(roleId: string): void {
    this.cache.delete(roleId);
  }
}
