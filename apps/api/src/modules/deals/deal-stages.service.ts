import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { paginate } from '../../core/list/cursor-list.js';
import type { StageKind } from '../pipelines/pipeline-stage.entity.js';
import { SettingsService } from '../settings/settings.service.js';
import { TasksService } from '../tasks/tasks.service.js';
import { DealStageChange } from './deal-stage-change.entity.js';
import { closingColumns, stageEvent } from './deal-stage-transition.js';
import { assertDealReadable, type DealSummaries, dealColumns, dealLevel, dealSnapshot, scopeOf, SUMMARY_SELECTIONS } from './deal-records.js';
import type { Deal } from './deal.entity.js';
import { DealException } from './deals.errors.js';
import type { DealStageChangeDto, DealStageHistoryPageDto, ListDealStageHistoryQueryDto, MoveDealStageDto } from './dto/deal-stage.dto.js';
import { type DealDto, toDealDto } from './dto/deal.dto.js';

/** What the locking read of a move brings besides the deal: the target stage and the lost reason, if they exist. */
interface MoveRow extends Deal, DealSummaries {
  toKind: StageKind | null;
  toPipelineId: string | null;
  lostReasonActive: boolean | null;
}

/** A stage is what a new deal starts in, or a move goes to. */
export interface TargetStage {
  id: string;
  pipelineId: string;
  kind: StageKind;
}

/**
 * The checks every entry into a lost stage makes, at creation as on a move: the reason is required and must be an
 * active one. 400 with a field error at `lostReasonId` otherwise.
 */
export function assertLostReason(kind: StageKind, lostReasonId: string | undefined, active: boolean | null): void {
  if (kind !== 'lost') return;
  if (!lostReasonId) throw DealException.lostReasonRequired();
  if (active !== true) throw DealException.lostReasonInactive();
}

/** Inserts one history row; `fromEnteredAt` null for the creation. */
export async function recordStageChange(
  manager: EntityManager,
  actor: Actor,
  change: Pick<DealStageChange, 'dealId' | 'pipelineId' | 'fromStageId' | 'toStageId' | 'event' | 'fromEnteredAt'>,
): Promise<void> {
  await manager.query(
    `INSERT INTO deal_stage_history (deal_id, pipeline_id, from_stage_id, to_stage_id, event, from_entered_at, changed_at, changed_by_id)
     VALUES ($1, $2, $3, $4, $5, $6, now(), $7)`,
    [change.dealId, change.pipelineId, change.fromStageId, change.toStageId, change.event, change.fromEnteredAt, actorUserOf(actor)],
  );
}

/** Who a history row names: the signed-in user, not the user an API key acts for. */
const actorUserOf = (actor: Actor): string | null => (actor.kind === 'user' ? actor.userId : null);

const lockStatements = new Map<string, string>();
let moveStatement: string | undefined;

/**
 * Stage moves of deals and their history. A move is one transaction of four statements: the deal locked (FOR UPDATE)
 * together with the target stage, the lost reason and the deal's company and contacts; the update of the deal with the
 * history row (one statement); the audit entry. Two concurrent moves of one deal queue on the lock, and the second
 * finds the version the first left and answers 409.
 */
@Injectable()
export class DealStagesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
    private readonly tasks: TasksService,
  ) {}

  /**
   * Moves the deal to `stageId`, of its pipeline or another. Moving it to the stage it is in changes nothing: no
   * history row, no new version, and the deal as it is for an answer (once its version matched). A `nextTask` is
   * created with the move; while `deals.requireNextTask` is on, a move to an open stage needs it unless the deal has an
   * open task already (422 next_task_required otherwise). The setting comes from a cache: off, the move runs no more
   * statements than without it.
   */
  async moveDealStage(actor: Actor, id: string, dto: MoveDealStageDto): Promise<DealDto> {
    const level = dealLevel(actor, 'update');
    const scope = scopeOf(actor, level, 3);
    // Read before the transaction: a cache refresh inside it would wait for a second pool connection while holding one,
    // and 10 concurrent moves would then hold the whole pool waiting for an eleventh.
    const requireNextTask = !dto.nextTask && (await this.settings.value('deals.requireNextTask'));
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(this.lockStatement(manager, level, scope.sql), [id, dto.stageId, dto.lostReasonId ?? null, ...scope.params])) as MoveRow[];
      const before = rows[0];
      if (!before) throw RecordException.notFound('deal');
      if (before.toKind === null || before.toPipelineId === null) throw RecordException.referenceNotFound('stageId');
      if (before.version !== dto.version) throw RecordException.stale('deal', before.version);
      const moves = before.stageId !== dto.stageId;
      if (moves) assertLostReason(before.toKind, dto.lostReasonId, before.lostReasonActive);
      if (moves && before.toKind === 'open' && requireNextTask) {
        if (!(await this.tasks.dealHasOpenTask(manager, id))) throw DealException.nextTaskRequired();
      }
      if (dto.nextTask) {
        await this.tasks.insertTask(manager, actor, dto.nextTask, { entity: 'deal', entityId: id, ownerId: before.ownerId }, 'nextTask.');
      }
      if (!moves) return toDealDto(before, before.companySummary, before.contactSummaries);

      const event = stageEvent(before.status, before.toKind);
      const closing = closingColumns(before.toKind, dto);
      const moved = (await manager.query(this.moveStatement(manager), [
        id,
        dto.stageId,
        before.toPipelineId,
        before.toKind,
        closing.wonAt !== null,
        closing.lostAt !== null,
        closing.lostReasonId,
        closing.lostComment,
        before.stageId,
        event,
        before.stageEnteredAt,
        actorUserOf(actor),
      ])) as Deal[];
      const after = moved[0]!;
      await this.audit.record(manager, actor, 'deal', id, 'update', dealSnapshot(before), dealSnapshot(after));
      return toDealDto(after, before.companySummary, before.contactSummaries);
    });
  }

  /** The deal's stage changes, newest first; for whoever may read the deal. */
  async listDealStageHistory(actor: Actor, id: string, query: ListDealStageHistoryQueryDto): Promise<DealStageHistoryPageDto> {
    await assertDealReadable(this.dataSource.manager, actor, id);
    const history = this.dataSource.getRepository(DealStageChange).createQueryBuilder('h').where('h.dealId = :id', { id });
    const page = await paginate(history, {
      sort: [{ name: 'changedAt', descending: true, field: { column: 'h.changedAt', cast: 'timestamptz', value: (row) => row.changedAt.toISOString() } }],
      tieBreaker: { column: 'h.id', cast: 'uuid', value: (row) => row.id },
      limit: query.limit,
      cursor: query.cursor,
    });
    const stageIds = [...new Set(page.items.flatMap((row) => [row.fromStageId, row.toStageId]).filter((stageId): stageId is string => stageId !== null))];
    const userIds = [...new Set(page.items.map((row) => row.changedById).filter((userId): userId is string => userId !== null))];
    const [stages, users] = await Promise.all([
      stageIds.length ? (this.dataSource.query('SELECT id, name FROM pipeline_stages WHERE id = ANY($1)', [stageIds]) as Promise<{ id: string; name: string }[]>) : [],
      userIds.length ? (this.dataSource.query('SELECT id, name FROM users WHERE id = ANY($1)', [userIds]) as Promise<{ id: string; name: string }[]>) : [],
    ]);
    const stageById = new Map(stages.map((stage) => [stage.id, stage]));
    const userById = new Map(users.map((user) => [user.id, user]));
    const items = page.items.map(
      (row): DealStageChangeDto => ({
        id: row.id,
        event: row.event,
        pipelineId: row.pipelineId,
        fromStage: (row.fromStageId && stageById.get(row.fromStageId)) || null,
        toStage: (row.toStageId && stageById.get(row.toStageId)) || null,
        changedAt: row.changedAt.toISOString(),
        changedBy: (row.changedById && userById.get(row.changedById)) || null,
        secondsInFromStage: row.fromEnteredAt ? Math.max(0, Math.floor((row.changedAt.getTime() - row.fromEnteredAt.getTime()) / 1000)) : null,
      }),
    );
    return { items, nextCursor: page.nextCursor };
  }

  /** The locking read of a move, per access level: $1 deal, $2 stage, $3 lost reason, then the scope's ids. */
  private lockStatement(manager: EntityManager, level: string, scope: string): string {
    let sql = lockStatements.get(level);
    if (!sql) {
      sql = `SELECT ${dealColumns(manager, 'd')}, s.kind AS "toKind", s.pipeline_id AS "toPipelineId",
          (SELECT lr.active FROM lost_reasons lr WHERE lr.id = $3) AS "lostReasonActive", ${SUMMARY_SELECTIONS}
        FROM deals d LEFT JOIN pipeline_stages s ON s.id = $2
        WHERE d.id = $1 AND d.deleted_at IS NULL AND ${scope}
        FOR UPDATE OF d`;
      lockStatements.set(level, sql);
    }
    return sql;
  }

  /** The deal's update and its history row in one statement; stage_entered_at and changed_at are the same now(). */
  private moveStatement(manager: EntityManager): string {
    moveStatement ??= `
      WITH moved AS (
        UPDATE deals d SET stage_id = $2, pipeline_id = $3, status = $4, stage_entered_at = now(),
          won_at = CASE WHEN $5::boolean THEN now() END, lost_at = CASE WHEN $6::boolean THEN now() END,
          lost_reason_id = $7, lost_comment = $8, version = d.version + 1, updated_at = now()
        WHERE d.id = $1
        RETURNING ${dealColumns(manager, 'd')}
      ), history AS (
        INSERT INTO deal_stage_history (deal_id, pipeline_id, from_stage_id, to_stage_id, event, from_entered_at, changed_at, changed_by_id)
        VALUES ($1, $3, $9, $2, $10, $11, now(), $12)
      )
      SELECT * FROM moved`;
    return moveStatement;
  }
}
