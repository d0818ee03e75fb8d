import { normalizeMatrix } from '@crm/permissions';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuditSnapshot, AuditService } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { RolePermissionsService } from '../../core/auth/role-permissions.service.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { paginate, parseSort, type SortableFields } from '../../core/list/cursor-list.js';
import type { PageQueryDto } from '../../core/list/page-query.dto.js';
import { type CreateRoleDto, type RoleDto, type RolePageDto, toRoleDto, type UpdateRoleDto } from './dto/role.dto.js';
import { assertGrantable } from './role-matrix.js';
import { Role } from './role.entity.js';
import { RoleException } from './roles.errors.js';

// Keys are unique, so they order the list on their own.
const SORTABLE: SortableFields<Role> = { key: { column: 'r.key', value: (role) => role.key } };

function snapshot(role: Role): AuditSnapshot {
  return { key: role.key, name: role.name, permissions: role.permissions };
}

/** Roles have no owner: any level of `role` access reaches all of them. */
@Injectable()
export class RolesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly rolePermissions: RolePermissionsService,
  ) {}

  async listRoles(_actor: Actor, query: PageQueryDto): Promise<RolePageDto> {
    const page = await paginate(this.dataSource.getRepository(Role).createQueryBuilder('r'), {
      sort: parseSort(undefined, SORTABLE, 'key'),
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(toRoleDto), nextCursor: page.nextCursor };
  }

  async getRole(_actor: Actor, id: string): Promise<RoleDto> {
    const role = await this.dataSource.getRepository(Role).findOneBy({ id });
    if (!role) throw RecordException.notFound('role');
    return toRoleDto(role);
  }

  async createRole(actor: Actor, dto: CreateRoleDto): Promise<RoleDto> {
    assertGrantable(actor, normalizeMatrix(dto.permissions));
    return this.dataSource.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(Role)
        .values({ key: dto.key, name: dto.name, builtIn: false, permissions: dto.permissions })
        // The unique index decides, so two concurrent creations of one key cannot both pass.
        .orIgnore()
        .returning('id')
        .updateEntity(false)
        .execute();
      const id = (result.raw as { id: string }[])[0]?.id;
      if (!id) {
        throw new RoleException('role_key_taken', `A role with the key "${dto.key}" already exists.`, {
          errors: [{ field: 'key', messages: ['key is already taken'], codes: ['roleKeyTaken'] }],
        });
      }
      const role = await manager.findOneByOrFail(Role, { id });
      await this.audit.record(manager, actor, 'role', id, 'create', {}, snapshot(role));
      return toRoleDto(role);
    });
  }

  async updateRole(actor: Actor, id: string, dto: UpdateRoleDto, ifMatch?: number): Promise<RoleDto> {
    const { version = ifMatch, ...changes } = dto;
    if (version === undefined) throw RecordException.versionRequired();
    const updated = await this.dataSource.transaction(async (manager) => {
      const before = await this.lockCustomRole(manager, id);
      if (before.version !== version) throw RecordException.stale('role', before.version);
      if (changes.permissions) assertGrantable(actor, normalizeMatrix(changes.permissions));
      await manager
        .createQueryBuilder()
        .update(Role)
        .set(changes)
        .where('id = :id AND version = :version', { id, version })
        .execute();
      const after = await manager.findOneByOrFail(Role, { id });
      await this.audit.record(manager, actor, 'role', id, 'update', snapshot(before), snapshot(after));
      return after;
    });
    this.rolePermissions.forget(id);
    return toRoleDto(updated);
  }

  async deleteRole(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const role = await this.lockCustomRole(manager, id);
      const [usage]: { in_use: boolean }[] = await manager.query(
        `SELECT EXISTS (SELECT 1 FROM users WHERE role_id = $1) OR EXISTS (SELECT 1 FROM api_keys WHERE role_id = $1) AS in_use`,
        [id],
      );
      if (usage?.in_use) {
        throw new RoleException('role_in_use', 'Users or API keys still have this role; give them another one first.');
      }
      await manager.delete(Role, { id });
      await this.audit.record(manager, actor, 'role', id, 'delete', snapshot(role), {});
    });
    this.rolePermissions.forget(id);
  }

  /** The row lock also holds off a user or key being given the role while it changes or goes. */
  private async lockCustomRole(manager: EntityManager, id: string): Promise<Role> {
    const role = await manager.getRepository(Role).createQueryBuilder('r').where('r.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!role) throw RecordException.notFound('role');
    if (role.builtIn) throw new RoleException('role_built_in', `The built-in role "${role.key}" cannot be changed or deleted.`);
    return role;
  }
}
