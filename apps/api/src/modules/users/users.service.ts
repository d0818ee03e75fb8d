import { withinLevel } from '@crm/permissions';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { levelFor, ownerCondition } from '../../core/access/access.js';
import { type AuditSnapshot, AuditService } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { hashPassword } from '../../core/auth/secrets.js';
import { UserStatusService } from '../../core/auth/user-status.service.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { paginate, parseSort, type SortableFields } from '../../core/list/cursor-list.js';
import { likePattern } from '../../core/list/list-filters.js';
import { RefreshToken } from '../auth/refresh-token.entity.js';
import { assertAssignableRole } from '../roles/role-matrix.js';
import { Team } from '../teams/team.entity.js';
import {
  type CreateUserDto,
  type ListUsersQueryDto,
  toUserDto,
  type UpdateUserDto,
  type UserDto,
  type UserPageDto,
} from './dto/user.dto.js';
import { User } from './user.entity.js';
import { UserException } from './users.errors.js';

const SORTABLE: SortableFields<User> = {
  name: { column: 'u.name', value: (user) => user.name },
  createdAt: { column: 'u.createdAt', cast: 'timestamptz', value: (user) => user.createdAt.toISOString() },
};

/** What the audit log keeps of a user: the API fields, which never include the password hash. */
function snapshot(user: User): AuditSnapshot {
  const { id: _id, createdAt: _createdAt, updatedAt: _updatedAt, version: _version, ...fields } = toUserDto(user);
  return fields;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly userStatus: UserStatusService,
  ) {}

  async listUsers(actor: Actor, query: ListUsersQueryDto): Promise<UserPageDto> {
    const users = this.reachable(actor, 'read');
    if (query.teamId?.length) users.andWhere('u.teamId IN (:...teamIds)', { teamIds: query.teamId });
    if (query.roleId?.length) users.andWhere('u.roleId IN (:...roleIds)', { roleIds: query.roleId });
    if (query.active !== undefined) users.andWhere('u.active = :active', { active: query.active });
    if (query.q?.trim()) users.andWhere(`lower(u.name || ' ' || u.email) LIKE :q`, { q: likePattern(query.q) });
    const page = await paginate(users, {
      sort: parseSort(query.sort, SORTABLE, 'name'),
      tieBreaker: { column: 'u.id', cast: 'uuid', value: (user) => user.id },
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(toUserDto), nextCursor: page.nextCursor };
  }

  async getUser(actor: Actor, id: string): Promise<UserDto> {
    const user = await this.reachable(actor, 'read').andWhere('u.id = :id', { id }).getOne();
    if (!user) throw RecordException.notFound('user');
    return toUserDto(user);
  }

  async createUser(actor: Actor, dto: CreateUserDto): Promise<UserDto> {
    const { password, ...fields } = dto;
    // Hashed before the transaction: it takes tens of milliseconds and needs no lock.
    const passwordHash = await hashPassword(password);
    return this.dataSource.transaction(async (manager) => {
      await this.assertTeamAllowed(manager, actor, 'create', fields.teamId ?? null);
      await assertAssignableRole(manager, actor, fields.roleId);
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(User)
        .values({ ...fields, passwordHash, active: true })
        // The unique index on lower(email) decides, so two concurrent creations of one address cannot both pass.
        .orIgnore()
        .returning('id')
        .updateEntity(false)
        .execute();
      const id = (result.raw as { id: string }[])[0]?.id;
      if (!id) {
        throw new UserException('email_taken', 'A user with this email already exists.', {
          errors: [{ field: 'email', messages: ['email is already taken'], codes: ['emailTaken'] }],
        });
      }
      const user = await manager.findOneByOrFail(User, { id });
      await this.audit.record(manager, actor, 'user', id, 'create', {}, snapshot(user));
      return toUserDto(user);
    });
  }

  async updateUser(actor: Actor, id: string, dto: UpdateUserDto, ifMatch?: number): Promise<UserDto> {
    const { version = ifMatch, password, ...changes } = dto;
    if (version === undefined) throw RecordException.versionRequired();
    const passwordHash = password === undefined ? undefined : await hashPassword(password);
    const updated = await this.dataSource.transaction(async (manager) => {
      const before = await this.reachable(actor, 'update', manager).andWhere('u.id = :id', { id }).setLock('pessimistic_write').getOne();
      if (!before) throw RecordException.notFound('user');
      if (before.version !== version) throw RecordException.stale('user', before.version);
      if (changes.active === false && id === actor.userId) {
        throw new UserException('cannot_deactivate_self', 'You cannot deactivate yourself; ask another administrator.');
      }
      if (changes.teamId !== undefined && changes.teamId !== before.teamId) {
        await this.assertTeamAllowed(manager, actor, 'update', changes.teamId);
      }
      if (changes.roleId !== undefined && changes.roleId !== before.roleId) {
        await assertAssignableRole(manager, actor, changes.roleId);
      }
      await manager
        .createQueryBuilder()
        .update(User)
        .set({ ...changes, passwordHash })
        .where('id = :id AND version = :version', { id, version })
        .execute();
      if (passwordHash !== undefined || (changes.active === false && before.active)) {
        // Sessions opened with the old password, or by a user now disabled, must not be refreshed again.
        await manager.update(RefreshToken, { userId: id, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
      }
      const after = await manager.findOneByOrFail(User, { id });
      const audited = passwordHash === undefined ? snapshot(after) : { ...snapshot(after), passwordReset: true };
      await this.audit.record(manager, actor, 'user', id, 'update', snapshot(before), audited);
      return toUserDto(after);
    });
    // Other instances see a new role, team or deactivation within the cache's few seconds; this one at once.
    this.userStatus.forget(id);
    return updated;
  }

  /**
   * Users the actor may `action`. A user is treated as the owner of their own record, so `own` reaches oneself and
   * `team` the members of one's team, through the same SQL condition as owned records.
   */
  private reachable(actor: Actor, action: 'read' | 'update', manager: EntityManager = this.dataSource.manager) {
    return manager
      .getRepository(User)
      .createQueryBuilder('u')
      .where(ownerCondition(levelFor(actor, 'user', action), 'u.id'), { accessUserId: actor.userId, accessTeamId: actor.teamId });
  }

  /** Placing a user in a team needs the level to reach that team: `all` any team, `team` only the actor's own. */
  private async assertTeamAllowed(manager: EntityManager, actor: Actor, action: 'create' | 'update', teamId: string | null): Promise<void> {
    if (teamId !== null && !(await manager.existsBy(Team, { id: teamId }))) throw RecordException.referenceNotFound('teamId');
    if (!withinLevel(levelFor(actor, 'user', action), actor, { ownerId: null, ownerTeamId: teamId })) {
      throw new UserException('team_not_allowed', 'Your role may not place users in this team.');
    }
  }
}
