import { withinLevel } from '@crm/permissions';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { levelFor, ownerCondition } from '../../core/access/access.js';
import { type AuditSnapshot, AuditService } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { API_KEY_PREFIX } from '../../core/auth/api-key-verifier.service.js';
import { randomToken, tokenHash } from '../../core/auth/secrets.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { paginate, parseSort, type SortableFields } from '../../core/list/cursor-list.js';
import type { PageQueryDto } from '../../core/list/page-query.dto.js';
import { assertAssignableRole } from '../roles/role-matrix.js';
import { ApiKey } from './api-key.entity.js';
import { ApiKeyException } from './api-keys.errors.js';
import { type ApiKeyDto, type ApiKeyPageDto, type CreateApiKeyDto, type CreatedApiKeyDto, toApiKeyDto } from './dto/api-key.dto.js';

// `crm_` and eight characters of the secret: enough to tell keys apart, far too little to guess the rest.
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

const SORTABLE: SortableFields<ApiKey> = {
  createdAt: { column: 'k.createdAt', cast: 'timestamptz', value: (key) => key.createdAt.toISOString() },
};

function snapshot(apiKey: ApiKey): AuditSnapshot {
  const { id: _id, createdAt: _createdAt, lastUsedAt: _lastUsedAt, ...fields } = toApiKeyDto(apiKey);
  return fields;
}

/** A key belongs to the user it acts for: `own` reaches one's own keys, `team` those of one's team. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async listApiKeys(actor: Actor, query: PageQueryDto): Promise<ApiKeyPageDto> {
    const page = await paginate(this.reachable(actor, 'read'), {
      sort: parseSort(undefined, SORTABLE, '-createdAt'),
      tieBreaker: { column: 'k.id', cast: 'uuid', value: (key) => key.id },
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(toApiKeyDto), nextCursor: page.nextCursor };
  }

  async createApiKey(actor: Actor, dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const expiresAt = dto.expiresAt === undefined ? null : new Date(dto.expiresAt);
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new ApiKeyException('expiry_in_past', 'A new key must expire in the future.', {
        errors: [{ field: 'expiresAt', messages: ['expiresAt must be in the future'], codes: ['expiryInPast'] }],
      });
    }
    const userId = dto.userId ?? actor.userId;
    const key = `${API_KEY_PREFIX}${randomToken()}`;
    return this.dataSource.transaction(async (manager) => {
      await this.assertKeyUserAllowed(manager, actor, userId);
      await assertAssignableRole(manager, actor, dto.roleId);
      const result = await manager.insert(ApiKey, {
        name: dto.name,
        prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
        keyHash: tokenHash(key),
        roleId: dto.roleId,
        userId,
        createdById: actor.userId,
        expiresAt,
      });
      const id = (result.identifiers[0] as { id: string }).id;
      const apiKey = await manager.findOneByOrFail(ApiKey, { id });
      await this.audit.record(manager, actor, 'api_key', id, 'create', {}, snapshot(apiKey));
      return { ...toApiKeyDto(apiKey), key };
    });
  }

  /** Stops a key at once; revoking a revoked key changes nothing. */
  async revokeApiKey(actor: Actor, id: string): Promise<ApiKeyDto> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.reachable(actor, 'delete', manager).andWhere('k.id = :id', { id }).setLock('pessimistic_write').getOne();
      if (!before) throw RecordException.notFound('API key');
      if (before.revokedAt) return toApiKeyDto(before);
      await manager.update(ApiKey, { id }, { revokedAt: () => 'now()' });
      const after = await manager.findOneByOrFail(ApiKey, { id });
      await this.audit.record(manager, actor, 'api_key', id, 'update', snapshot(before), snapshot(after));
      return toApiKeyDto(after);
    });
  }

  private reachable(actor: Actor, action: 'read' | 'delete', manager: EntityManager = this.dataSource.manager) {
    return manager
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .where(ownerCondition(levelFor(actor, 'api_key', action), 'k.user_id'), { accessUserId: actor.userId, accessTeamId: actor.teamId });
  }

  /** The user a key acts for must be active and within the actor's `create` level. */
  private async assertKeyUserAllowed(manager: EntityManager, actor: Actor, userId: string): Promise<void> {
    const [user]: { team_id: string | null }[] = await manager.query('SELECT team_id FROM users WHERE id = $1 AND active', [userId]);
    if (!user) throw RecordException.referenceNotFound('userId');
    if (!withinLevel(levelFor(actor, 'api_key', 'create'), actor, { ownerId: userId, ownerTeamId: user.team_id })) {
      throw new ApiKeyException('api_key_user_not_allowed', 'Your role may not create API keys acting for this user.');
    }
  }
}
