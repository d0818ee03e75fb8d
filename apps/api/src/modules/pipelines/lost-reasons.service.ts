import { Injectable } from '@nestjs/common';
import { assertMayReadSettingsOf } from '../../core/access/access.js';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuditSnapshot, AuditService } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { ValidationFailedException } from '../../core/http/validation.js';
import {
  type CreateLostReasonDto,
  type ListLostReasonsQueryDto,
  type LostReasonDto,
  type LostReasonListDto,
  MAX_LOST_REASONS,
  type ReorderLostReasonsDto,
  toLostReasonDto,
  type UpdateLostReasonDto,
} from './dto/lost-reason.dto.js';
import { LostReason } from './lost-reason.entity.js';
import { PipelineException } from './pipelines.errors.js';
import { isUniqueViolation } from '../../core/database/unique-violation.js';

/** What the audit log keeps of a lost reason (under entity `settings`). */
function snapshot(reason: LostReason): AuditSnapshot {
  return { setting: 'lost_reason', name: reason.name, position: reason.position, active: reason.active };
}

function mapNameTaken(name: string | undefined) {
  return (error: unknown): never => {
    if (name !== undefined && isUniqueViolation(error, 'lost_reasons_name_key')) throw PipelineException.lostReasonNameTaken(name);
    throw error;
  };
}

/**
 * The answers to "why was this deal lost". A reason that deals name is never deleted (answer 409
 * `lost_reason_in_use`); deactivating it keeps it on those deals and out of the pickers.
 */
@Injectable()
export class LostReasonsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** A lost reason by id, or null; the caller decides whether an inactive one will do. */
  findLostReason(id: string, manager: EntityManager = this.dataSource.manager): Promise<LostReason | null> {
    return manager.findOneBy(LostReason, { id });
  }

  async listLostReasons(actor: Actor, query: ListLostReasonsQueryDto): Promise<LostReasonListDto> {
    assertMayReadSettingsOf(actor, 'deal');
    return this.list(this.dataSource.manager, query.includeInactive ?? false);
  }

  async createLostReason(actor: Actor, dto: CreateLostReasonDto): Promise<LostReasonDto> {
    return this.dataSource
      .transaction(async (manager) => {
        await this.lockSet(manager);
        const [{ count, last }] = (await manager.query('SELECT count(*)::int AS count, max(position) AS last FROM lost_reasons')) as [
          { count: number; last: number | null },
        ];
        if (count >= MAX_LOST_REASONS) throw PipelineException.limit('lost reasons', MAX_LOST_REASONS);
        const reason = await manager.save(
          manager.create(LostReason, { name: dto.name, active: dto.active ?? true, position: (last ?? -1) + 1, version: 1 }),
        );
        await this.audit.record(manager, actor, 'settings', reason.id, 'create', {}, snapshot(reason));
        return toLostReasonDto(reason);
      })
      .catch(mapNameTaken(dto.name));
  }

  /** Renames, activates or deactivates the reason; needs the version you read. */
  async updateLostReason(actor: Actor, id: string, dto: UpdateLostReasonDto, ifMatch?: number): Promise<LostReasonDto> {
    const { version = ifMatch, ...changes } = dto;
    if (version === undefined) throw RecordException.versionRequired();
    return this.dataSource
      .transaction(async (manager) => {
        const before = await this.lock(manager, id);
        if (before.version !== version) throw RecordException.stale('lost reason', before.version);
        const set = Object.fromEntries(Object.entries(changes).filter(([field, value]) => value !== before[field as keyof LostReason]));
        if (!Object.keys(set).length) return toLostReasonDto(before);
        await manager.update(LostReason, { id }, { ...set, version: () => 'version + 1', updatedAt: () => 'now()' });
        const after = await manager.findOneByOrFail(LostReason, { id });
        await this.audit.record(manager, actor, 'settings', id, 'update', snapshot(before), snapshot(after));
        return toLostReasonDto(after);
      })
      .catch(mapNameTaken(changes.name));
  }

  /** Puts every reason, active or not, in the order of `ids`. */
  async reorderLostReasons(actor: Actor, dto: ReorderLostReasonsDto): Promise<LostReasonListDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.lockSet(manager);
      const reasons = await manager.find(LostReason, { order: { position: 'ASC', id: 'ASC' } });
      const known = new Set(reasons.map((reason) => reason.id));
      if (dto.ids.length !== reasons.length || !dto.ids.every((id) => known.has(id))) {
        throw new ValidationFailedException([
          { field: 'ids', messages: [`ids must list each of the ${reasons.length} lost reasons exactly once`], codes: ['arrayComplete'] },
        ]);
      }
      const byId = new Map(reasons.map((reason) => [reason.id, reason]));
      const moves = dto.ids
        .map((id, position) => ({ id, from: byId.get(id)!.position, to: position }))
        .filter((move) => move.from !== move.to);
      if (moves.length) {
        await manager.query(
          'UPDATE lost_reasons r SET position = m.position FROM jsonb_to_recordset($1::jsonb) AS m(id uuid, position int) WHERE r.id = m.id',
          [JSON.stringify(moves.map((move) => ({ id: move.id, position: move.to })))],
        );
        await this.audit.recordMany(
          manager,
          actor,
          'settings',
          moves.map((move) => ({ entityId: move.id, action: 'update', before: { position: move.from }, after: { position: move.to } })),
        );
      }
      return this.list(manager, true);
    });
  }

  /** Deletes a reason no deal names, trashed deals included; otherwise 409 `lost_reason_in_use`: deactivate it instead. */
  async deleteLostReason(actor: Actor, id: string, ifMatch?: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.lockSet(manager);
      // FOR UPDATE also waits for deals being lost with this reason and keeps new ones from naming it.
      const reason = await this.lock(manager, id);
      if (ifMatch !== undefined && reason.version !== ifMatch) throw RecordException.stale('lost reason', reason.version);
      const [{ count }] = (await manager.query('SELECT count(*)::int AS count FROM deals WHERE lost_reason_id = $1', [id])) as [{ count: number }];
      if (count) throw PipelineException.lostReasonInUse(id, count);
      await manager.delete(LostReason, { id });
      await this.audit.record(manager, actor, 'settings', id, 'delete', snapshot(reason), {});
    });
  }

  private list(manager: EntityManager, includeInactive: boolean): Promise<LostReasonListDto> {
    return manager
      .find(LostReason, { where: includeInactive ? {} : { active: true }, order: { position: 'ASC', id: 'ASC' } })
      .then((reasons) => ({ items: reasons.map(toLostReasonDto) }));
  }

  private async lockSet(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['lost_reasons']);
  }

  private async lock(manager: EntityManager, id: string): Promise<LostReason> {
    const reason = await manager.getRepository(LostReason).createQueryBuilder('r').where('r.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!reason) throw RecordException.notFound('lost reason');
    return reason;
  }
}
